using System;
using System.CommandLine;
using System.IO;
using System.Text;
using System.Text.Json;
using Mash.Tool.Labels;

namespace Mash.Tool.Commands;

/// <summary><c>mashctl label PAYLOAD --out FILE.png|FILE.svg [--module-pixels N] [--json]</c></summary>
internal static class LabelCommand
{
    public static Command Create()
    {
        var payload = new Argument<string>("PAYLOAD") { Description = "The device's QR payload (MASH:...) or its manual code" };
        var output = new Option<FileInfo>("--out")
        {
            Description = "The label file; .png (grayscale bitmap) or .svg (scalable, for print shops)",
            HelpName = "FILE",
            Required = true,
        };
        var modulePixels = new Option<int>("--module-pixels")
        {
            Description = "PNG only: pixels per QR module, 2 to 64 (default 8)",
            HelpName = "N",
            DefaultValueFactory = _ => 8,
        };
        var json = CommonOptions.Json("Print what was written as one JSON document on stdout");

        var command = new Command("label", "Write a printable label: the QR code with the manual code under it");
        command.Arguments.Add(payload);
        command.Options.Add(output);
        command.Options.Add(modulePixels);
        command.Options.Add(json);
        command.SetAction(parseResult => Run(parseResult, parseResult.GetValue(payload)!, parseResult.GetValue(output)!, parseResult.GetValue(modulePixels), parseResult.GetValue(json)));
        return command;
    }

    private static int Run(ParseResult parseResult, string payload, FileInfo file, int modulePixels, bool json)
    {
        string extension = file.Extension.ToLowerInvariant();
        if (extension is not (".png" or ".svg"))
        {
            return MashCtl.Fail(parseResult, ExitCodes.Usage, $"--out {file.Name}: the label is written as .png or .svg; name the file so");
        }

        if (modulePixels is < 2 or > 64)
        {
            return MashCtl.Fail(parseResult, ExitCodes.Usage, "--module-pixels must be 2 to 64");
        }

        SetupLabel label;
        try
        {
            label = SetupLabel.Create(payload);
        }
        catch (FormatException ex)
        {
            return MashCtl.Fail(parseResult, ExitCodes.Usage, "PAYLOAD is neither a QR payload nor a manual code: " + ex.Message);
        }

        int? width = null;
        int? height = null;
        try
        {
            if (extension == ".png")
            {
                (byte[] png, int w, int h) = label.ToPng(modulePixels);
                File.WriteAllBytes(file.FullName, png);
                (width, height) = (w, h);
            }
            else
            {
                File.WriteAllText(file.FullName, label.ToSvg(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A local file problem, like the state folder's.
            return MashCtl.Fail(parseResult, ExitCodes.State, $"cannot write {file.FullName}: {ex.Message}");
        }

        TextWriter stdout = parseResult.InvocationConfiguration.Output;
        if (json)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteString("file", file.FullName);
                writer.WriteString("format", extension[1..]);
                writer.WriteString("qrPayload", label.QrText);
                writer.WriteString("manualCode", label.ManualCode);
                if (width is int pixelsWide && height is int pixelsHigh)
                {
                    writer.WriteNumber("width", pixelsWide);
                    writer.WriteNumber("height", pixelsHigh);
                }

                writer.WriteEndObject();
            }

            stdout.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            stdout.WriteLine($"wrote {file.FullName}: QR {label.QrText}, manual code {label.ManualCode}");
        }

        return ExitCodes.Ok;
    }
}
