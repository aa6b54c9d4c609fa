using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Mash.Controller.State;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;
using Mash.Tool.Operating;

namespace Mash.Tool.Commands;

/// <summary><c>mashctl zones list --device ID</c> and <c>mashctl zones remove --device ID [--zone ZONE_ID]</c>.</summary>
internal static class ZonesCommand
{
    private static readonly string[] Header = ["ZONE", "TYPE", "CONNECTED", "COMMISSIONED", ""];

    public static Command Create(Option<string?> stateOption)
    {
        var command = new Command("zones", "The zones (controllers) a device is commissioned with, as the device reports them");
        command.Subcommands.Add(CreateList(stateOption));
        command.Subcommands.Add(CreateRemove(stateOption));
        return command;
    }

    /// <summary>One entry of the listZones result.</summary>
    internal sealed record ZoneEntry(string ZoneId, ulong ZoneType, bool Connected, long? CommissionedAt, bool Self)
    {
        public string TypeName => ZoneType is >= 1 and <= 4 ? ((ZoneType)ZoneType).ToOptionName() : ZoneType.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Reads {zones: [{zoneId, zoneType, connected, commissionedAt, self}]}; missing fields get neutral values.</summary>
    /// <exception cref="CommandFailedException">The result is not shaped like that (exit 2).</exception>
    internal static List<ZoneEntry> ParseZones(CborMap result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.TryGetValue("zones", out CborValue? zones) || zones.Kind != CborValueKind.Array)
        {
            throw CommandFailedException.Device($"listZones: the device's answer has no zones list: {result}");
        }

        var entries = new List<ZoneEntry>(zones.Count);
        for (int i = 0; i < zones.Count; i++)
        {
            if (zones[i].Kind != CborValueKind.Map)
            {
                throw CommandFailedException.Device($"listZones: entry {i} is not a map: {zones[i]}");
            }

            CborMap zone = zones[i].AsMap();
            string id = zone.TryGetValue("zoneId", out CborValue? z) && z.Kind == CborValueKind.Text ? z.AsText() : "?";
            ulong type = zone.TryGetValue("zoneType", out CborValue? t) && t.TryGetUInt64(out ulong n) ? n : 0;
            bool connected = zone.TryGetValue("connected", out CborValue? c) && c.Kind == CborValueKind.Boolean && c.AsBoolean();
            long? at = zone.TryGetValue("commissionedAt", out CborValue? a) && a.TryGetInt64(out long seconds) ? seconds : null;
            bool self = zone.TryGetValue("self", out CborValue? s) && s.Kind == CborValueKind.Boolean && s.AsBoolean();
            entries.Add(new ZoneEntry(id, type, connected, at, self));
        }

        return entries;
    }

    private static Command CreateList(Option<string?> stateOption)
    {
        var device = CommonOptions.Device();
        var json = CommonOptions.Json();
        var command = new Command("list", "List the device's zones: ID, type, connected, commissioned, and which one is this controller");
        command.Options.Add(device);
        command.Options.Add(json);
        command.SetAction((parseResult, cancellationToken) => MashCtl.GuardAsync(
            parseResult,
            async () =>
            {
                List<ZoneEntry> zones;
                string deviceId;
                await using (DeviceSession session = await DeviceSession.OpenAsync(parseResult.GetValue(stateOption), parseResult.GetValue(device)!, cancellationToken).ConfigureAwait(false))
                {
                    deviceId = session.Device.DeviceId;
                    CborMap result = await InvokeAsync(session, ZoneCommands.ListZones, null, "listZones", cancellationToken).ConfigureAwait(false);
                    zones = ParseZones(result);
                }

                PrintList(parseResult.InvocationConfiguration.Output, parseResult.GetValue(json), deviceId, zones);
                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }

    private static Command CreateRemove(Option<string?> stateOption)
    {
        var device = CommonOptions.Device();
        var zone = new Option<string?>("--zone") { Description = "The zone to remove (default: this controller's own zone, after which the device is forgotten here)", HelpName = "ZONE_ID" };
        var json = CommonOptions.Json();
        var command = new Command("remove", "Remove a zone from the device: our own, or (as a higher-priority zone) another one");
        command.Options.Add(device);
        command.Options.Add(zone);
        command.Options.Add(json);
        command.SetAction((parseResult, cancellationToken) => MashCtl.GuardAsync(
            parseResult,
            () => RemoveAsync(parseResult, parseResult.GetValue(stateOption), parseResult.GetValue(device)!, parseResult.GetValue(zone), parseResult.GetValue(json), cancellationToken),
            cancellationToken));
        return command;
    }

    private static async Task<int> RemoveAsync(ParseResult parseResult, string? stateFolder, string deviceId, string? zoneOption, bool json, CancellationToken cancellationToken)
    {
        string? requested = zoneOption?.Trim().ToLowerInvariant();
        if (requested is not null && requested.Length == 0)
        {
            throw CommandFailedException.Usage("--zone needs a zone ID (zones list shows them)");
        }

        string zoneId;
        string device;
        bool self;
        await using (DeviceSession session = await DeviceSession.OpenAsync(stateFolder, deviceId, cancellationToken).ConfigureAwait(false))
        {
            device = session.Device.DeviceId;
            zoneId = requested ?? session.Device.ZoneId;
            self = string.Equals(zoneId, session.Device.ZoneId, StringComparison.OrdinalIgnoreCase);
            var parameters = new CborMap(1).Set("zoneId", CborValue.FromText(zoneId));
            await InvokeAsync(session, ZoneCommands.RemoveZone, parameters, "removeZone", cancellationToken).ConfigureAwait(false);
            if (self)
            {
                // The device no longer knows us: keeping the record would only produce TLS failures.
                try
                {
                    session.State.RemoveDevice(device);
                }
                catch (ControllerStateException ex)
                {
                    throw CommandFailedException.State($"zone {zoneId} was removed from the device, but the device could not be forgotten here: {ex.Message}");
                }
            }
        }

        TextWriter output = parseResult.InvocationConfiguration.Output;
        if (json)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteString("deviceId", device);
                writer.WriteString("zoneId", zoneId);
                writer.WriteBoolean("self", self);
                writer.WriteBoolean("removed", true);
                writer.WriteBoolean("forgotten", self);
                writer.WriteEndObject();
            }

            output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            output.WriteLine(self
                ? $"removed zone {zoneId} (this controller's) from device {device}; the device is no longer in this controller's list"
                : $"removed zone {zoneId} from device {device}");
        }

        return ExitCodes.Ok;
    }

    private static async Task<CborMap> InvokeAsync(DeviceSession session, byte command, CborMap? parameters, string name, CancellationToken cancellationToken)
    {
        var payload = new CborMap(2)
            .Set(1, CborValue.FromUInt64(command))
            .Set(2, parameters is null ? CborValue.Null : CborValue.FromMap(parameters));
        Response response = await session.SendAsync(Operation.Invoke, ZoneCommands.Endpoint, ZoneCommands.Feature, CborValue.FromMap(payload), name, cancellationToken).ConfigureAwait(false);
        if (response.Status == StatusCode.Success)
        {
            return response.Payload;
        }

        string reason = DeviceSession.Refusal(name, response);
        if (response.Status is StatusCode.InvalidCommand or StatusCode.Unsupported)
        {
            reason += "; this device's firmware does not offer zone management over the network";
        }

        throw CommandFailedException.Device(reason);
    }

    private static void PrintList(TextWriter output, bool json, string deviceId, List<ZoneEntry> zones)
    {
        if (json)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteString("deviceId", deviceId);
                writer.WriteStartArray("zones");
                foreach (ZoneEntry zone in zones)
                {
                    writer.WriteStartObject();
                    writer.WriteString("zoneId", zone.ZoneId);
                    writer.WriteString("zoneType", zone.TypeName);
                    writer.WriteNumber("priority", zone.ZoneType);
                    writer.WriteBoolean("connected", zone.Connected);
                    if (zone.CommissionedAt is long at)
                    {
                        writer.WriteString("commissionedAt", DateTimeOffset.FromUnixTimeSeconds(at));
                    }
                    else
                    {
                        writer.WriteNull("commissionedAt");
                    }

                    writer.WriteBoolean("self", zone.Self);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
            return;
        }

        var rows = new List<string[]> { Header };
        foreach (ZoneEntry zone in zones)
        {
            string at = zone.CommissionedAt is long seconds
                ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)
                : "-";
            rows.Add([zone.ZoneId, zone.TypeName, zone.Connected ? "yes" : "no", at, zone.Self ? "(this controller)" : string.Empty]);
        }

        DevicesCommand.WriteTable(output, rows);
    }
}
