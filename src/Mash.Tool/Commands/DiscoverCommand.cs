using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Mash.Controller.Discovery;

namespace Mash.Tool.Commands;

/// <summary><c>mashctl discover [--timeout S] [--interface NAME] [--json]</c></summary>
internal static class DiscoverCommand
{
    private static readonly string[] Header = ["KIND", "INSTANCE", "HOST", "ADDRESSES", "PORT", "D", "ZI", "DI", "BRAND", "MODEL"];

    public static Command Create()
    {
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds to listen for answers (default 3)",
            HelpName = "S",
            DefaultValueFactory = _ => 3,
        };
        var interfaceName = new Option<string?>("--interface") { Description = "Browse on this network interface only (default: every one that is up)", HelpName = "NAME" };
        var json = CommonOptions.Json("Print the services as one JSON array on stdout");

        var command = new Command("discover", "Find MASH devices on the local network with mDNS: commissionable (_mashc._udp) and operational (_mash._tcp)");
        command.Options.Add(timeout);
        command.Options.Add(interfaceName);
        command.Options.Add(json);
        command.SetAction((parseResult, cancellationToken) => MashCtl.GuardAsync(
            parseResult,
            () => RunAsync(parseResult, parseResult.GetValue(timeout), parseResult.GetValue(interfaceName), parseResult.GetValue(json), cancellationToken),
            cancellationToken));
        return command;
    }

    /// <summary>Browses, turning the browser's failures into exit codes: unknown interface 1, no socket 2.</summary>
    internal static async Task<IReadOnlyList<DiscoveredService>> BrowseAsync(
        TimeSpan timeout, string? interfaceName, Func<DiscoveredService, bool>? stopWhen, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await MdnsBrowser.BrowseAsync(timeout, interfaceName, stopWhen, message => error.WriteLine("mdns: " + message), cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw CommandFailedException.Usage("--interface: " + ex.Message.Split(" (Parameter", StringSplitOptions.None)[0]);
        }
        catch (SocketException ex)
        {
            throw CommandFailedException.Device($"cannot send mDNS queries: {ex.Message}");
        }
    }

    private static async Task<int> RunAsync(ParseResult parseResult, double seconds, string? interfaceName, bool json, CancellationToken cancellationToken)
    {
        if (!double.IsFinite(seconds) || seconds <= 0 || seconds > 600)
        {
            throw CommandFailedException.Usage("--timeout must be more than 0 and at most 600 seconds");
        }

        TextWriter error = parseResult.InvocationConfiguration.Error;
        error.WriteLine($"browsing for {seconds.ToString(CultureInfo.InvariantCulture)} s ...");
        error.Flush();
        IReadOnlyList<DiscoveredService> services = await BrowseAsync(TimeSpan.FromSeconds(seconds), interfaceName, null, error, cancellationToken).ConfigureAwait(false);

        TextWriter output = parseResult.InvocationConfiguration.Output;
        if (json)
        {
            output.WriteLine(ToJson(services));
            return ExitCodes.Ok;
        }

        var rows = new List<string[]> { Header };
        foreach (DiscoveredService s in services)
        {
            rows.Add(
            [
                s.Kind == ServiceKind.Commissionable ? "commissionable" : "operational",
                s.Instance,
                s.Host ?? "-",
                s.Addresses.Count == 0 ? "-" : string.Join(",", Addresses(s)),
                s.Port?.ToString(CultureInfo.InvariantCulture) ?? "-",
                s.Txt.TryGetValue("D", out string? d) ? d : "-",
                s.ZoneId ?? "-",
                s.DeviceId ?? "-",
                s.Brand ?? "-",
                s.Model ?? "-",
            ]);
        }

        DevicesCommand.WriteTable(output, rows);
        if (services.Count == 0)
        {
            error.WriteLine("no MASH device answered; is one powered, on this link, and (for commissioning) with its window open?");
        }

        return ExitCodes.Ok;
    }

    private static List<string> Addresses(DiscoveredService service)
    {
        var text = new List<string>();
        foreach (IPAddress address in service.Addresses)
        {
            text.Add(address.ToString());
        }

        return text;
    }

    private static string ToJson(IReadOnlyList<DiscoveredService> services)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (DiscoveredService s in services)
            {
                writer.WriteStartObject();
                writer.WriteString("kind", s.Kind == ServiceKind.Commissionable ? "commissionable" : "operational");
                writer.WriteString("instance", s.Instance);
                writer.WriteString("host", s.Host);
                writer.WriteStartArray("addresses");
                foreach (string address in Addresses(s))
                {
                    writer.WriteStringValue(address);
                }

                writer.WriteEndArray();
                if (s.Port is int port)
                {
                    writer.WriteNumber("port", port);
                }
                else
                {
                    writer.WriteNull("port");
                }

                writer.WriteStartObject("txt");
                foreach (KeyValuePair<string, string> entry in s.Txt)
                {
                    writer.WriteString(entry.Key, entry.Value);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
