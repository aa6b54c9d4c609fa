using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Mash.Protocol.Wire;
using Mash.Tool.Operating;

namespace Mash.Tool.Commands;

/// <summary><c>mashctl read --device ID [--endpoint N] [--feature NAME] [--attribute NAME...] [--globals] [--json]</c></summary>
internal static class ReadCommand
{
    public static Command Create(Option<string?> stateOption)
    {
        var device = CommonOptions.Device();
        var endpoint = CommonOptions.Endpoint("Endpoint (default: the one with --feature, else 1, the load)");
        var feature = CommonOptions.Feature("Feature name (energyControl, measurement, ...) or wire ID; default: every feature of the endpoint, one request each");
        var attributes = CommonOptions.Attributes();
        var globals = new Option<bool>("--globals") { Description = "Also show the global attributes (attributeList, featureMap, ...) when reading all" };
        var json = CommonOptions.Json();

        var command = new Command("read", "Read attributes of a commissioned device and print them as name = value, with units");
        command.Options.Add(device);
        command.Options.Add(endpoint);
        command.Options.Add(feature);
        command.Options.Add(attributes);
        command.Options.Add(globals);
        command.Options.Add(json);
        command.SetAction((parseResult, cancellationToken) => MashCtl.GuardAsync(parseResult, () => RunAsync(
            parseResult,
            parseResult.GetValue(stateOption),
            parseResult.GetValue(device)!,
            parseResult.GetValue(endpoint),
            parseResult.GetValue(feature),
            parseResult.GetValue(attributes) ?? [],
            parseResult.GetValue(globals),
            parseResult.GetValue(json),
            cancellationToken), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        ParseResult parseResult, string? stateFolder, string deviceId, byte? endpointOption, string? featureOption, string[] attributeOptions, bool globals, bool json, CancellationToken cancellationToken)
    {
        // Names first: a typo fails at once, without a connection.
        (byte endpoint, IReadOnlyList<FeatureSelection> features) = FeatureSelection.Resolve(endpointOption, featureOption, attributeOptions);
        var results = new List<(FeatureSelection Feature, CborMap Values)>();
        string resolvedDevice;
        await using (DeviceSession session = await DeviceSession.OpenAsync(stateFolder, deviceId, cancellationToken).ConfigureAwait(false))
        {
            resolvedDevice = session.Device.DeviceId;
            foreach (FeatureSelection feature in features)
            {
                CborMap values = await session.RequestAsync(
                    Operation.Read, endpoint, feature.Id, feature.ReadPayload(), $"read {feature.Label} on endpoint {endpoint}", cancellationToken).ConfigureAwait(false);
                results.Add((feature, values));
            }
        }

        TextWriter output = parseResult.InvocationConfiguration.Output;
        if (json)
        {
            output.WriteLine(ToJson(resolvedDevice, endpoint, results, globals));
            return ExitCodes.Ok;
        }

        bool sections = results.Count > 1;
        for (int i = 0; i < results.Count; i++)
        {
            (FeatureSelection feature, CborMap values) = results[i];
            if (sections)
            {
                if (i > 0)
                {
                    output.WriteLine();
                }

                output.WriteLine($"[{feature.Label}]");
            }

            foreach ((string name, CborValue value, string? unit, string? meaning) in feature.Order(values, globals))
            {
                output.WriteLine($"{name} = {ValueFormat.Text(value, unit, meaning)}");
            }
        }

        return ExitCodes.Ok;
    }

    private static string ToJson(string deviceId, byte endpoint, List<(FeatureSelection Feature, CborMap Values)> results, bool globals)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("deviceId", deviceId);
            writer.WriteNumber("endpoint", endpoint);
            writer.WriteStartObject("features");
            foreach ((FeatureSelection feature, CborMap values) in results)
            {
                writer.WriteStartObject(feature.Label);
                foreach ((string name, CborValue value, _, _) in feature.Order(values, globals))
                {
                    writer.WritePropertyName(name);
                    ValueFormat.WriteJson(writer, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
