using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using Mash.Controller.State;
using Mash.Protocol.Zones;

namespace Mash.Tool.Commands;

/// <summary><c>mashctl devices [--json]</c>: the devices this controller state knows.</summary>
internal static class DevicesCommand
{
    private static readonly string[] Header = ["DEVICE", "ADDRESS", "ZONE", "ZONE TYPE", "COMMISSIONED", "LAST SEEN"];

    public static Command Create(Option<string?> stateOption)
    {
        var json = new Option<bool>("--json") { Description = "Print the devices as one JSON array on stdout" };
        var command = new Command("devices", "List the devices commissioned with this controller state: id, address, zone, zone type, commissioned and last seen");
        command.Options.Add(json);
        command.SetAction(parseResult => Run(parseResult, parseResult.GetValue(json), parseResult.GetValue(stateOption)));
        return command;
    }

    /// <summary>One device as JSON; the commission command prints the same shape.</summary>
    public static void WriteDevice(Utf8JsonWriter writer, DeviceRecord device)
    {
        writer.WriteStartObject();
        writer.WriteString("deviceId", device.DeviceId);
        writer.WriteString("address", device.Address);
        writer.WriteString("zoneId", device.ZoneId);
        writer.WriteString("zoneType", device.ZoneType.ToOptionName());
        writer.WriteString("commissionedAt", device.CommissionedAt);
        if (device.LastSeen is DateTimeOffset seen)
        {
            writer.WriteString("lastSeen", seen);
        }
        else
        {
            writer.WriteNull("lastSeen");
        }

        writer.WriteEndObject();
    }

    private static int Run(ParseResult parseResult, bool json, string? stateFolder)
    {
        TextWriter output = parseResult.InvocationConfiguration.Output;
        IReadOnlyList<DeviceRecord> devices;
        string folder;
        try
        {
            using ControllerState state = ControllerState.Open(stateFolder);
            devices = state.Devices;
            folder = state.DirectoryPath;
        }
        catch (ControllerStateException ex)
        {
            return MashCtl.Fail(parseResult, ExitCodes.State, ex.Message);
        }

        if (json)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartArray();
                foreach (DeviceRecord device in devices)
                {
                    WriteDevice(writer, device);
                }

                writer.WriteEndArray();
            }

            output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
            return ExitCodes.Ok;
        }

        var rows = new List<string[]> { Header };
        foreach (DeviceRecord device in devices)
        {
            rows.Add([device.DeviceId, device.Address, device.ZoneId, device.ZoneType.ToOptionName(), Time(device.CommissionedAt), device.LastSeen is { } seen ? Time(seen) : "-"]);
        }

        WriteTable(output, rows);
        if (devices.Count == 0)
        {
            parseResult.InvocationConfiguration.Error.WriteLine($"no devices commissioned with the controller state in {folder}");
        }

        return ExitCodes.Ok;
    }

    private static string Time(DateTimeOffset when) => when.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    internal static void WriteTable(TextWriter output, List<string[]> rows)
    {
        int columns = rows[0].Length;
        int[] widths = new int[columns];
        foreach (string[] row in rows)
        {
            for (int i = 0; i < columns; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var line = new StringBuilder();
        foreach (string[] row in rows)
        {
            line.Clear();
            for (int i = 0; i < columns; i++)
            {
                line.Append(i == columns - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }

            output.WriteLine(line.ToString().TrimEnd());
        }
    }
}
