using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Mash.Protocol.DotNet.Crypto;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;
using Mash.Protocol.Provisioning;

namespace Mash.Tool.Tests;

public sealed class ProvisionCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mash-provision-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_batch_has_per_device_files_without_the_code_and_a_csv_with_it()
    {
        CliRun run = await CliRun.RunAsync("provision", "--count", "3", "--out", _folder, "--vendor", "4660", "--product", "22136");
        Assert.Equal(0, run.ExitCode);
        string[] csv = File.ReadAllLines(Path.Combine(_folder, "batch.csv"));
        Assert.Equal(4, csv.Length);
        foreach (string row in csv.Skip(1))
        {
            string[] f = row.Split(',');
            QrPayload qr = QrPayload.Parse(f[2]);
            Assert.Equal(f[3], ManualCode.Format(qr.Discriminator, qr.SetupCode));
            string json = File.ReadAllText(Path.Combine(_folder, f[4]));
            Assert.DoesNotContain(qr.SetupCode.ToString(), json, StringComparison.Ordinal);
            ProvisioningFile file = ProvisioningFile.Parse(json);
            Assert.Equal(qr.Discriminator, file.Discriminator);
            Assert.Equal(4660, file.VendorId);
            Assert.Equal(Spake2PlusVerifier.Derive(SystemCryptoPal.Instance, OpenSslP256Group.Instance, qr.SetupCode).Encode(), file.Verifier.Encode());
            Assert.False(qr.SetupCode.IsTrivial);
            byte[] png = File.ReadAllBytes(Path.Combine(_folder, f[5]));
            Assert.Equal(0x89, png[0]);
        }
    }

    [Fact]
    public async Task A_folder_with_files_is_refused_so_no_codes_are_overwritten()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "x"), "x");
        CliRun run = await CliRun.RunAsync("provision", "--count", "1", "--out", _folder);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("not empty", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_provisioning_file_is_refused_with_the_reason()
    {
        Assert.Throws<FormatException>(() => ProvisioningFile.Parse("{\"format\":\"mash-provisioning/1\",\"discriminator\":5000}"));
        Assert.Throws<FormatException>(() => ProvisioningFile.Parse("not json"));
        CliRun run = await CliRun.RunAsync("provision", "--count", "0", "--out", _folder);
        Assert.Equal(1, run.ExitCode);
    }
}
