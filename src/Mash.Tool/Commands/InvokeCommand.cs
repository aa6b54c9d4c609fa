using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Mash.Device.Model;
using Mash.Protocol.Wire;
using Mash.Tool.Operating;

namespace Mash.Tool.Commands;

/// <summary><c>mashctl invoke --device ID --endpoint N --feature NAME --command NAME [--param K=V...] [--json]</c></summary>
internal static class InvokeCommand
{
    public static Command Create(Option<string?> stateOption)
    {
        var device = CommonOptions.Device();
        var endpoint = CommonOptions.Endpoint("Endpoint of the feature (1 is the load, 0 the device root)");
        endpoint.Required = true;
        var feature = CommonOptions.Feature("Feature name (energyControl, ...) or wire ID");
        feature.Required = true;
        var commandName = new Option<string>("--command") { Description = "Command name (setLimit, clearLimit, ...) or ID", HelpName = "NAME", Required = true };
        var parameters = new Option<string[]>("--param")
        {
            Description = "A parameter as KEY=VALUE (repeatable); names are sent as text keys like the reference, numbers as integer keys. "
                + "Values: the declared type, else int64, bool, double or text",
            HelpName = "K=V",
            AllowMultipleArgumentsPerToken = true,
        };
        var json = CommonOptions.Json();

        var command = new Command("invoke", "Invoke a command on a feature and print the result map");
        command.Options.Add(device);
        command.Options.Add(endpoint);
        command.Options.Add(feature);
        command.Options.Add(commandName);
        command.Options.Add(parameters);
        command.Options.Add(json);
        command.SetAction((parseResult, cancellationToken) => MashCtl.GuardAsync(
            parseResult,
            async () =>
            {
                byte endpointId = parseResult.GetValue(endpoint)!.Value;
                (byte featureId, FeatureDeclaration? declaration) = ModelNames.ResolveFeature(endpointId, parseResult.GetValue(feature)!);
                (byte commandId, CommandDeclaration? commandDeclaration) = ModelNames.ResolveCommand(declaration, parseResult.GetValue(commandName)!);
                CborMap? arguments = CommandParameters.Parse(parseResult.GetValue(parameters) ?? [], commandDeclaration);
                string label = commandDeclaration?.Name ?? "command " + commandId;

                CborMap result;
                string deviceId;
                await using (DeviceSession session = await DeviceSession.OpenAsync(parseResult.GetValue(stateOption), parseResult.GetValue(device)!, cancellationToken).ConfigureAwait(false))
                {
                    deviceId = session.Device.DeviceId;
                    result = await InvokeAsync(session, endpointId, featureId, commandId, arguments, label, cancellationToken).ConfigureAwait(false);
                }

                Print(parseResult.InvocationConfiguration.Output, parseResult.GetValue(json), deviceId, endpointId, ModelNames.FeatureLabel(featureId, declaration), commandDeclaration, label, declaration, result);
                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }

    /// <summary>Invoke payload {1: command ID, 2: parameters or null}, the shape both revisions use.</summary>
    public static Task<CborMap> InvokeAsync(DeviceSession session, byte endpoint, byte feature, byte command, CborMap? arguments, string label, CancellationToken cancellationToken)
    {
        var payload = new CborMap(2)
            .Set(1, CborValue.FromUInt64(command))
            .Set(2, arguments is null ? CborValue.Null : CborValue.FromMap(arguments));
        return session.RequestAsync(Operation.Invoke, endpoint, feature, CborValue.FromMap(payload), label, cancellationToken);
    }

    /// <summary>Result keys that name an attribute of the feature (effectiveConsumptionLimit) are shown with its unit.</summary>
    public static void Print(TextWriter output, bool json, string deviceId, byte endpoint, string feature, CommandDeclaration? command, string label, FeatureDeclaration? declaration, CborMap result)
    {
        if (json)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteString("deviceId", deviceId);
                writer.WriteNumber("endpoint", endpoint);
                writer.WriteString("feature", feature);
                writer.WriteString("command", label);
                writer.WritePropertyName("result");
                ValueFormat.WriteJson(writer, result);
                writer.WriteEndObject();
            }

            output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
            return;
        }

        // The declared result keys first, in the order the declaration lists them, then any others.
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (string declared in command is null ? [] : command.Results)
        {
            if (result.TryGetValue(declared, out CborValue? value) && shown.Add(declared))
            {
                output.WriteLine($"{declared} = {ValueFormat.Text(value, declaration?.FindAttribute(declared)?.Unit)}");
            }
        }

        for (int i = 0; i < result.Count; i++)
        {
            string key = ValueFormat.KeyText(result.GetKey(i));
            if (shown.Add(key))
            {
                output.WriteLine($"{key} = {ValueFormat.Text(result.GetValue(i), declaration?.FindAttribute(key)?.Unit)}");
            }
        }
    }
}
