using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Provisioning;
using Mash.Tool.Labels;

namespace Mash.Tool.Commands;

/// <summary>
/// <c>mashctl provision --count N --out DIR [--vendor ID] [--product ID]</c>: manufacturing data for a
/// batch, as esp-matter's mfg_tool makes it. Per device: a provisioning file for the device
/// (discriminator and SPAKE2+ verifier only), its onboarding codes and a label PNG; for the batch a
/// CSV. The setup codes live only in the label files and the CSV, which stay with the factory.
/// </summary>
internal static class ProvisionCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "How many devices (1..10000)", Required = true, HelpName = "N" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the batch (created; must be empty or new)", Required = true, HelpName = "DIR" };
        var vendor = new Option<int>("--vendor") { Description = "Vendor ID (default 65521, a test ID)", DefaultValueFactory = _ => 65521, HelpName = "ID" };
        var product = new Option<int>("--product") { Description = "Product ID (default 1)", DefaultValueFactory = _ => 1, HelpName = "ID" };
        var command = new Command("provision", "Make provisioning files, onboarding codes, labels and a CSV for a batch of devices (mash-load --provision FILE imports one)");
        command.Options.Add(count);
        command.Options.Add(output);
        command.Options.Add(vendor);
        command.Options.Add(product);
        command.SetAction(parse => Run(parse, parse.GetValue(count), parse.GetValue(output)!, parse.GetValue(vendor), parse.GetValue(product)));
        return command;
    }

    private static int Run(ParseResult parse, int count, DirectoryInfo folder, int vendorId, int productId)
    {
        if (count is < 1 or > 10_000)
        {
            return MashCtl.Fail(parse, ExitCodes.Usage, "--count must be 1..10000");
        }

        if (vendorId is < 0 or > 65535 || productId is < 0 or > 65535)
        {
            return MashCtl.Fail(parse, ExitCodes.Usage, "--vendor and --product must be 0..65535");
        }

        try
        {
            if (folder.Exists && folder.GetFileSystemInfos().Length > 0)
            {
                return MashCtl.Fail(parse, ExitCodes.State, $"{folder.FullName} is not empty; a batch gets a folder of its own so no codes are overwritten");
            }

            folder.Create();
            var csv = new StringBuilder("index,discriminator,qr_payload,manual_code,provisioning_file,label\n");
            for (int i = 1; i <= count; i++)
            {
                var discriminator = Discriminator.FromRandom((ushort)RandomNumberGenerator.GetInt32(0, 65536));
                SetupCode code = SetupCode.Generate(() => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4)));
                var onboarding = new OnboardingCode(discriminator, code);
                string name = string.Create(CultureInfo.InvariantCulture, $"device-{i:D4}");
                File.WriteAllText(Path.Combine(folder.FullName, name + ".mashprov"), ProvisioningFile.FromSetupCode(discriminator, code, vendorId, productId).ToJson());
                File.WriteAllText(Path.Combine(folder.FullName, name + ".codes.txt"), $"qr: {onboarding.ToQrPayload()}\nmanual: {onboarding.ToManualCode()}\n");
                (byte[] png, _, _) = SetupLabel.Create(onboarding.ToQrPayload().ToString()).ToPng();
                File.WriteAllBytes(Path.Combine(folder.FullName, name + ".png"), png);
                csv.Append(CultureInfo.InvariantCulture, $"{i},{discriminator},{onboarding.ToQrPayload()},{onboarding.ToManualCode()},{name}.mashprov,{name}.png\n");
                if (i % 100 == 0 || i == count)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"provisioned {i} of {count}");
                }
            }

            File.WriteAllText(Path.Combine(folder.FullName, "batch.csv"), csv.ToString());
            parse.InvocationConfiguration.Output.WriteLine($"{count} devices in {folder.FullName} (batch.csv lists them; keep it and the labels private: they hold the setup codes)");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return MashCtl.Fail(parse, ExitCodes.State, $"cannot write {folder.FullName}: {ex.Message}");
        }
    }
}
