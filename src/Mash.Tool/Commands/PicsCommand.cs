using System.CommandLine;
using System.IO;
using System.Text;
using System.Text.Json;
using Mash.Protocol.Pics;

namespace Mash.Tool.Commands;

/// <summary><c>mashctl pics validate FILE [--json]</c></summary>
internal static class PicsCommand
{
    /// <summary>The file was read and is not a valid PICS (documented in --help).</summary>
    public const int Invalid = 1;

    public static Command Create()
    {
        var command = new Command("pics", "Work with PICS files (Protocol Implementation Conformance Statements)");
        command.Subcommands.Add(CreateValidate());
        return command;
    }

    private static Command CreateValidate()
    {
        var file = new Argument<string>("FILE") { Description = "The PICS file, in the format of the spec's pics-format.md (CODE=VALUE lines, # comments)" };
        var json = new Option<bool>("--json") { Description = "Print the findings as one JSON document on stdout" };
        var command = new Command(
            "validate",
            "Check a PICS file against the PICS registry: syntax, unknown codes, values outside the allowed ones, missing mandatory codes, "
            + "conformance rules such as 'M (must be 1)', 'M if X' and '[BIDIRECTIONAL]', and duplicates. Prints 'ok: N codes', or one "
            + "'FILE:LINE: message' line per problem. Exit codes: 0 valid (warnings allowed), 1 not a valid PICS, 2 the file cannot be read.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.SetAction(parseResult => Run(parseResult, parseResult.GetValue(file)!, parseResult.GetValue(json)));
        return command;
    }

    private static int Run(ParseResult parseResult, string path, bool json)
    {
        TextWriter output = parseResult.InvocationConfiguration.Output;
        TextWriter error = parseResult.InvocationConfiguration.Error;
        PicsFile pics;
        try
        {
            pics = PicsFile.Load(path);
        }
        catch (IOException ex)
        {
            return MashCtl.Fail(parseResult, ExitCodes.Device, $"cannot read {path}: {ex.Message}");
        }
        catch (System.UnauthorizedAccessException ex)
        {
            return MashCtl.Fail(parseResult, ExitCodes.Device, $"cannot read {path}: {ex.Message}");
        }

        PicsValidationResult result = PicsValidator.Validate(pics);
        if (json)
        {
            output.WriteLine(ToJson(path, result));
        }
        else
        {
            foreach (PicsDiagnostic d in result.Diagnostics)
            {
                (d.Severity == PicsSeverity.Error ? output : error).WriteLine(d.Format(path));
            }

            if (result.IsValid)
            {
                output.WriteLine($"ok: {result.CodeCount} codes");
            }
        }

        if (!result.IsValid)
        {
            error.WriteLine($"mashctl: {path} is not a valid PICS: {result.ErrorCount} error(s)");
            return Invalid;
        }

        return ExitCodes.Ok;
    }

    private static string ToJson(string path, PicsValidationResult result)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("file", path);
            writer.WriteBoolean("valid", result.IsValid);
            writer.WriteNumber("codes", result.CodeCount);
            writer.WriteNumber("errors", result.ErrorCount);
            writer.WriteStartArray("diagnostics");
            foreach (PicsDiagnostic d in result.Diagnostics)
            {
                writer.WriteStartObject();
                writer.WriteNumber("line", d.Line);
                writer.WriteString("severity", d.Severity == PicsSeverity.Error ? "error" : "warning");
                writer.WriteString("code", d.Code);
                writer.WriteString("message", d.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
