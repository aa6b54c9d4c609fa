using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Mash.Controller.Commissioning;
using Mash.Controller.Discovery;
using Mash.Controller.State;
using Mash.Controller.Transport;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Zones;

namespace Mash.Tool.Commands;

/// <summary><c>mashctl commission PAYLOAD [--address HOST:PORT] [--zone-type TYPE] [--json]</c></summary>
internal static class CommissionCommand
{
    /// <summary>Long enough for a device that probes and announces after its window opened.</summary>
    private static readonly TimeSpan DefaultDiscoveryTimeout = TimeSpan.FromSeconds(5);

    private static readonly string[] ZoneTypeNames = ["grid-operator", "building-manager", "home-manager", "user-app"];

    public static Command Create(Option<string?> stateOption)
    {
        var payload = new Argument<string>("PAYLOAD")
        {
            Description = "The device's QR payload (MASH:...) or its manual code",
        };
        var address = new Option<string?>("--address")
        {
            Description = "Where the device listens, HOST:PORT (IPv6 in brackets: [::1]:8443); the port defaults to 8443. Without it the device is found with mDNS by its discriminator",
            HelpName = "HOST:PORT",
        };
        var zoneType = new Option<string?>("--zone-type")
        {
            Description = "The zone this controller acts for, fixed at first use of the state folder (default: the state's, else home-manager)",
            HelpName = "TYPE",
        };
        zoneType.AcceptOnlyFromAmong(ZoneTypeNames);
        var discoveryTimeout = new Option<double>("--discovery-timeout")
        {
            Description = "Without --address: seconds to look for the device with mDNS (default 5)",
            HelpName = "S",
            DefaultValueFactory = _ => DefaultDiscoveryTimeout.TotalSeconds,
        };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON document on stdout" };

        var command = new Command("commission", "Pair a device with this controller's zone: PASE with the setup code, then install a certificate from the Zone CA");
        command.Arguments.Add(payload);
        command.Options.Add(address);
        command.Options.Add(zoneType);
        command.Options.Add(discoveryTimeout);
        command.Options.Add(json);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult,
            parseResult.GetValue(payload)!,
            parseResult.GetValue(address),
            parseResult.GetValue(zoneType),
            parseResult.GetValue(discoveryTimeout),
            parseResult.GetValue(json),
            parseResult.GetValue(stateOption),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        ParseResult parseResult, string payloadText, string? addressText, string? zoneTypeText, double discoverySeconds, bool json, string? stateFolder, CancellationToken cancellationToken)
    {
        TextWriter output = parseResult.InvocationConfiguration.Output;
        TextWriter error = parseResult.InvocationConfiguration.Error;

        OnboardingCode code;
        try
        {
            code = OnboardingCode.Parse(payloadText);
        }
        catch (FormatException ex)
        {
            return MashCtl.Fail(parseResult, ExitCodes.Usage, "PAYLOAD is neither a QR payload nor a manual code: " + ex.Message);
        }

        DeviceAddress address;
        if (addressText is null)
        {
            try
            {
                if (!double.IsFinite(discoverySeconds) || discoverySeconds <= 0 || discoverySeconds > 600)
                {
                    return MashCtl.Fail(parseResult, ExitCodes.Usage, "--discovery-timeout must be more than 0 and at most 600 seconds");
                }

                address = await FindByDiscriminatorAsync(code, TimeSpan.FromSeconds(discoverySeconds), error, cancellationToken).ConfigureAwait(false);
            }
            catch (CommandFailedException ex)
            {
                return MashCtl.Fail(parseResult, ex.ExitCode, ex.Message);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return MashCtl.Fail(parseResult, ExitCodes.Cancelled, "cancelled");
            }
        }
        else if (!DeviceAddress.TryParse(addressText, out address))
        {
            return MashCtl.Fail(parseResult, ExitCodes.Usage, $"--address \"{addressText}\" is not HOST:PORT");
        }

        ControllerState state;
        try
        {
            state = ControllerState.Open(stateFolder);
        }
        catch (ControllerStateException ex)
        {
            return MashCtl.Fail(parseResult, ExitCodes.State, ex.Message);
        }

        using (state)
        {
            // Without --zone-type: the state's own type, or home-manager (the reference's default) for a new state.
            ZoneType type = state.ZoneType ?? ZoneType.HomeManager;
            if (zoneTypeText is not null && !ZoneTypes.TryParse(zoneTypeText, out type))
            {
                return MashCtl.Fail(parseResult, ExitCodes.Usage, $"--zone-type \"{zoneTypeText}\" is not one of {string.Join(", ", ZoneTypeNames)}");
            }

            var printer = new StepPrinter(error, address.ToString());
            try
            {
                await using CommissioningResult result = await new Commissioner(state)
                    .CommissionAsync(code, address.Host, address.Port, type, printer, cancellationToken)
                    .ConfigureAwait(false);
                DeviceRecord device = result.Device;
                error.WriteLine($"done: device {device.DeviceId} in zone {device.ZoneId} ({device.ZoneType.ToOptionName()})");
                if (json)
                {
                    output.WriteLine(ToJson(device));
                }
                else
                {
                    output.WriteLine($"device     {device.DeviceId}");
                    output.WriteLine($"zone       {device.ZoneId}");
                    output.WriteLine($"zone type  {device.ZoneType.ToOptionName()}");
                    output.WriteLine($"address    {device.Address}");
                }

                // A clean close lets the device free the session at once.
                await result.Connection.CloseAsync("commissioning finished", CancellationToken.None).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (ControllerStateException ex)
            {
                printer.Failed();
                return MashCtl.Fail(parseResult, ExitCodes.State, ex.Message);
            }
            catch (CommissioningException ex)
            {
                printer.Failed();
                return MashCtl.Fail(parseResult, ExitCodes.Device, ex.Message);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                printer.Failed();
                return MashCtl.Fail(parseResult, ExitCodes.Cancelled, "cancelled");
            }
        }
    }

    /// <summary>
    /// Without --address: browse for a commissionable device whose TXT D is the code's
    /// discriminator, as the reference finds devices, and dial the address it advertises.
    /// </summary>
    private static async Task<DeviceAddress> FindByDiscriminatorAsync(OnboardingCode code, TimeSpan timeout, TextWriter error, CancellationToken cancellationToken)
    {
        int discriminator = code.Discriminator.Value;
        error.Write($"looking for device {discriminator} with mDNS ... ");
        error.Flush();
        bool Matches(DiscoveredService s) => s.Kind == ServiceKind.Commissionable && s.Discriminator == discriminator;
        IReadOnlyList<DiscoveredService> found = await DiscoverCommand.BrowseAsync(timeout, null, Matches, error, cancellationToken).ConfigureAwait(false);
        foreach (DiscoveredService service in found)
        {
            if (Matches(service) && service.IsResolved && service.PreferredAddress is IPAddress ip)
            {
                var address = new DeviceAddress(ip.ToString(), service.Port!.Value);
                error.WriteLine($"found {service.Instance} at {address}");
                return address;
            }
        }

        error.WriteLine("not found");
        throw CommandFailedException.Device(
            $"no commissionable device with discriminator {discriminator} answered mDNS within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; "
            + "open its commissioning window, or give --address HOST:PORT");
    }

    private static string ToJson(DeviceRecord device)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            DevicesCommand.WriteDevice(writer, device);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
