using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Mash.Controller.Transport;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Protocol.Wire;
using Mash.Tool.Operating;

namespace Mash.Tool.Commands;

/// <summary>
/// <c>mashctl limit set --device ID --watts W [--duration S] [--cause NAME] [--hold]</c> and
/// <c>mashctl limit clear --device ID</c>: EnergyControl setLimit / clearLimit on endpoint 1, then
/// the effective limit as the device reports it.
/// </summary>
internal static class LimitCommand
{
    private static readonly string[] CauseNames = ["grid-emergency", "grid-optimization", "local-protection", "local-optimization", "user-preference"];

    public static Command Create(Option<string?> stateOption)
    {
        var command = new Command("limit", "Set or clear this controller's consumption limit on a device (EnergyControl on endpoint 1)");
        command.Subcommands.Add(CreateSet(stateOption));
        command.Subcommands.Add(CreateClear(stateOption));
        return command;
    }

    /// <summary>setLimit parameters with text keys, as the reference sends them.</summary>
    internal static CborMap SetLimitParameters(double watts, uint? durationSeconds, LimitCause cause)
    {
        var parameters = new CborMap(3)
            .Set("consumptionLimit", CborValue.FromInt64((long)Math.Round(watts * 1000, MidpointRounding.AwayFromZero)));
        if (durationSeconds is uint seconds and > 0)
        {
            parameters.Set("duration", CborValue.FromUInt64(seconds));
        }

        return parameters.Set("cause", CborValue.FromUInt64((ulong)cause));
    }

    internal static LimitCause ParseCause(string name) => Array.IndexOf(CauseNames, name) is int i and >= 0
        ? (LimitCause)i
        : throw CommandFailedException.Usage($"--cause \"{name}\" is not one of {string.Join(", ", CauseNames)}");

    private static Command CreateSet(Option<string?> stateOption)
    {
        var device = CommonOptions.Device();
        var watts = new Option<double>("--watts") { Description = "The consumption limit in watts (0 switches the load off)", HelpName = "W", Required = true };
        var duration = new Option<uint?>("--duration") { Description = "Seconds until the device drops the limit by itself, 1 to 86400 (default: until cleared)", HelpName = "S" };
        var cause = new Option<string>("--cause")
        {
            Description = "Why, as the device logs it: " + string.Join(", ", CauseNames) + " (the reference controller sends local-optimization)",
            HelpName = "CAUSE",
            DefaultValueFactory = _ => "local-optimization",
        };
        cause.AcceptOnlyFromAmong(CauseNames);
        var hold = new Option<bool>("--hold")
        {
            Description = "Stay connected, so the limit stays, until Ctrl-C (which clears it) or the duration ends; reconnect and send it again "
                + "if the connection is lost or replaced. Without it mashctl disconnects at once, and a device that drops a zone's limit on disconnect (mash-load does) drops it",
        };
        var json = CommonOptions.Json();

        var command = new Command("set", "Set this controller's consumption limit and print the effective limit after");
        command.Options.Add(device);
        command.Options.Add(watts);
        command.Options.Add(duration);
        command.Options.Add(cause);
        command.Options.Add(hold);
        command.Options.Add(json);
        command.SetAction((parseResult, cancellationToken) => MashCtl.GuardAsync(
            parseResult,
            async () =>
            {
                double w = parseResult.GetValue(watts);
                uint? seconds = parseResult.GetValue(duration);
                if (!double.IsFinite(w) || w < 0 || w * 1000 > long.MaxValue)
                {
                    throw CommandFailedException.Usage($"--watts {w.ToString(CultureInfo.InvariantCulture)} is not a power of 0 W or more");
                }

                if (seconds is > (uint)EnergyControlFeature.DurationMaxSeconds)
                {
                    throw CommandFailedException.Usage($"--duration {seconds} is longer than {EnergyControlFeature.DurationMaxSeconds} s (24 h)");
                }

                CborMap parameters = SetLimitParameters(w, seconds, ParseCause(parseResult.GetValue(cause)!));
                return await RunAsync(
                    parseResult, parseResult.GetValue(stateOption), parseResult.GetValue(device)!, EnergyControlFeature.SetLimitCommand, "setLimit", parameters,
                    parseResult.GetValue(hold), seconds is > 0 ? TimeSpan.FromSeconds(seconds.Value) : null, parseResult.GetValue(json), cancellationToken).ConfigureAwait(false);
            },
            cancellationToken));
        return command;
    }

    private static Command CreateClear(Option<string?> stateOption)
    {
        var device = CommonOptions.Device();
        var json = CommonOptions.Json();
        var command = new Command("clear", "Clear this controller's consumption limit and print the effective limit after");
        command.Options.Add(device);
        command.Options.Add(json);
        command.SetAction((parseResult, cancellationToken) => MashCtl.GuardAsync(
            parseResult,
            () => RunAsync(
                parseResult, parseResult.GetValue(stateOption), parseResult.GetValue(device)!, EnergyControlFeature.ClearLimitCommand, "clearLimit", null,
                hold: false, duration: null, parseResult.GetValue(json), cancellationToken),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        ParseResult parseResult, string? stateFolder, string deviceId, byte commandId, string commandName, CborMap? parameters, bool hold, TimeSpan? duration, bool json, CancellationToken cancellationToken)
    {
        TextWriter output = parseResult.InvocationConfiguration.Output;
        TextWriter error = parseResult.InvocationConfiguration.Error;
        const byte endpoint = SmartLoadModel.LoadEndpoint;
        const byte feature = FeatureIds.EnergyControl;
        FeatureDeclaration declaration = EnergyControlFeature.Declare();

        await using DeviceSession session = await DeviceSession.OpenAsync(stateFolder, deviceId, cancellationToken).ConfigureAwait(false);
        CborMap result = await InvokeCommand.InvokeAsync(session, endpoint, feature, commandId, parameters, commandName, cancellationToken).ConfigureAwait(false);

        // The limit in force, as the device resolved it from every zone, and ours.
        var ids = CborValue.FromArray(CborValue.FromUInt64(EnergyControlFeature.EffectiveConsumptionLimit), CborValue.FromUInt64(EnergyControlFeature.MyConsumptionLimit));
        CborMap after = await session.RequestAsync(Operation.Read, endpoint, feature, ids, "read the limits after " + commandName, cancellationToken).ConfigureAwait(false);
        CborValue effective = after.TryGetValue(EnergyControlFeature.EffectiveConsumptionLimit, out CborValue? e) ? e : CborValue.Null;
        CborValue mine = after.TryGetValue(EnergyControlFeature.MyConsumptionLimit, out CborValue? m) ? m : CborValue.Null;

        if (json)
        {
            output.WriteLine(ToJson(session.Device.DeviceId, commandName, result, effective, mine));
        }
        else
        {
            output.WriteLine($"effectiveConsumptionLimit = {ValueFormat.Text(effective, "mW")}");
            output.WriteLine($"myConsumptionLimit = {ValueFormat.Text(mine, "mW")}");
        }

        output.Flush();
        if (!hold)
        {
            if (commandId == EnergyControlFeature.SetLimitCommand)
            {
                error.WriteLine("note: mashctl disconnects now; a device that drops a zone's limit when its controller disconnects (mash-load does) drops this one too. --hold keeps it");
            }

            return ExitCodes.Ok;
        }

        error.WriteLine(duration is TimeSpan d
            ? $"holding the connection for {d.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s, until the limit ends (Ctrl-C clears it earlier)"
            : "holding the connection, and with it the limit, until Ctrl-C (which clears it)");
        error.Flush();
        return await HoldAsync(session, parameters!, duration, error, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Keeps the session, and with it the limit, until Ctrl-C or the end of the duration. A device
    /// keeps one connection per zone, so another mashctl command of this state replaces ours, and
    /// mash-load forgets a limit when its zone disconnects: then reconnect and send it again (with
    /// what is left of the duration), as a controller that lost its connection does.
    /// </summary>
    private static async Task<int> HoldAsync(DeviceSession session, CborMap parameters, TimeSpan? duration, TextWriter error, CancellationToken cancellationToken)
    {
        DateTime? end = duration is TimeSpan d ? DateTime.UtcNow + d : null;
        var policy = new ReconnectPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), jitter: true);
        try
        {
            while (true)
            {
                TimeSpan left = end is DateTime e ? e - DateTime.UtcNow : Timeout.InfiniteTimeSpan;
                if (end is not null && left <= TimeSpan.Zero)
                {
                    return ExitCodes.Ok;
                }

                Task<ConnectionClosedInfo> closed = session.Connection.Closed;
                Task wait = Task.Delay(left, cancellationToken);
                if (await Task.WhenAny(wait, closed).ConfigureAwait(false) != closed)
                {
                    await wait.ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                ConnectionClosedInfo info = await closed.ConfigureAwait(false);
                error.WriteLine($"connection ended ({info.Reason}); reconnecting to send the limit again");
                error.Flush();
                await ResendAsync(session, parameters, end, policy, error, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C ends the hold: clear the limit explicitly, for devices that would keep it.
            using var brief = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await InvokeCommand.InvokeAsync(session, SmartLoadModel.LoadEndpoint, FeatureIds.EnergyControl, EnergyControlFeature.ClearLimitCommand, null, "clearLimit", brief.Token)
                    .ConfigureAwait(false);
                error.WriteLine("limit cleared");
            }
            catch (Exception ex) when (ex is CommandFailedException or OperationCanceledException)
            {
                // Disconnecting drops it on mash-load anyway.
            }

            return ExitCodes.Ok;
        }
    }

    private static async Task ResendAsync(DeviceSession session, CborMap parameters, DateTime? end, ReconnectPolicy policy, TextWriter error, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(policy.NextDelay(), cancellationToken).ConfigureAwait(false);
            if (end is DateTime e)
            {
                double seconds = Math.Ceiling((e - DateTime.UtcNow).TotalSeconds);
                if (seconds < 1)
                {
                    return;
                }

                parameters.Set("duration", CborValue.FromUInt64((ulong)seconds));
            }

            try
            {
                await session.ReconnectAsync(cancellationToken).ConfigureAwait(false);
                await InvokeCommand.InvokeAsync(session, SmartLoadModel.LoadEndpoint, FeatureIds.EnergyControl, EnergyControlFeature.SetLimitCommand, parameters, "setLimit", cancellationToken)
                    .ConfigureAwait(false);
                policy.Reset();
                error.WriteLine("reconnected; limit sent again");
                error.Flush();
                return;
            }
            catch (Exception ex) when (ex is CommandFailedException or MashConnectionException or TimeoutException)
            {
                error.WriteLine($"reconnect failed: {ex.Message}");
                error.Flush();
            }
        }
    }

    private static string ToJson(string deviceId, string command, CborMap result, CborValue effective, CborValue mine)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("deviceId", deviceId);
            writer.WriteString("command", command);
            writer.WritePropertyName("result");
            ValueFormat.WriteJson(writer, result);
            writer.WritePropertyName("effectiveConsumptionLimit");
            ValueFormat.WriteJson(writer, effective);
            writer.WritePropertyName("myConsumptionLimit");
            ValueFormat.WriteJson(writer, mine);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
