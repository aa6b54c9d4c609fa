using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using Mash.Protocol.Onboarding;
using Mash.Tool.Labels;

namespace Mash.Tool.Tests;

public sealed class LabelCommandTests : IDisposable
{
    private static readonly OnboardingCode Code = new(new Discriminator(1234), new SetupCode(20202021));
    private readonly string _folder = Directory.CreateTempSubdirectory("mashctl-label-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_PNG_label_is_a_valid_grayscale_PNG_of_the_reported_size()
    {
        string file = Path.Combine(_folder, "label.png");

        CliRun run = await CliRun.RunAsync("label", Code.ToQrPayload().ToString(), "--out", file, "--json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        Assert.Equal(Code.ToManualCode(), json.RootElement.GetProperty("manualCode").GetString());
        (int width, int height, byte[] pixels) = DecodePng(File.ReadAllBytes(file));
        Assert.Equal(json.RootElement.GetProperty("width").GetInt32(), width);
        Assert.Equal(json.RootElement.GetProperty("height").GetInt32(), height);
        Assert.Equal(width * height, pixels.Length);
    }

    [Fact]
    public void The_PNG_has_the_QR_modules_on_top_and_the_manual_code_drawn_below_them()
    {
        SetupLabel label = SetupLabel.Create(Code.ToQrPayload().ToString());
        const int module = 8;
        (byte[] png, int width, int height) = label.ToPng(module);
        (_, _, byte[] pixels) = DecodePng(png);
        int qrSide = label.Size * module;
        int qrLeft = (width - qrSide) / 2;

        // The top-left finder pattern: dark corner module inside the quiet zone, which stays white.
        Assert.Equal(0, pixels[(((SetupLabel.QuietZone * module) + 1) * width) + qrLeft + (SetupLabel.QuietZone * module) + 1]);
        Assert.Equal(255, pixels[(1 * width) + qrLeft + 1]);

        // Below the QR: ink in as many separate runs as the code has characters (digits and dashes).
        int runs = CountInkColumnsGroups(pixels, width, qrSide, height);
        Assert.Equal(Code.ToManualCode().Length, runs);
    }

    [Fact]
    public async Task An_SVG_label_carries_the_manual_code_as_text_and_the_QR_as_a_path()
    {
        string file = Path.Combine(_folder, "label.svg");

        CliRun run = await CliRun.RunAsync("label", Code.ToManualCode(), "--out", file);

        Assert.Equal(0, run.ExitCode);
        XDocument svg = XDocument.Load(file);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(Code.ToManualCode(), svg.Root!.Element(ns + "text")!.Value);
        Assert.StartsWith("M", svg.Root.Element(ns + "path")!.Attribute("d")!.Value, StringComparison.Ordinal);
        Assert.Contains(Code.ToQrPayload().ToString(), run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_file_type_is_a_usage_error_and_writes_nothing()
    {
        string file = Path.Combine(_folder, "label.jpg");

        CliRun run = await CliRun.RunAsync("label", Code.ToQrPayload().ToString(), "--out", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("mashctl: --out label.jpg: the label is written as .png or .svg; name the file so", Assert.Single(run.ErrorLines));
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task A_mistyped_manual_code_is_refused_by_its_check_digit()
    {
        string typo = "1234-2020-2021-0";
        Assert.NotEqual(Code.ToManualCode(), typo);

        CliRun run = await CliRun.RunAsync("label", typo, "--out", Path.Combine(_folder, "x.png"));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("mashctl: PAYLOAD is neither a QR payload nor a manual code", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_character_of_a_manual_code_has_a_glyph_and_glyphs_differ()
    {
        var seen = new System.Collections.Generic.HashSet<string>();
        foreach (char c in "0123456789-")
        {
            Assert.True(DigitFont.CanDraw(c));
            var bits = new System.Text.StringBuilder();
            for (int y = 0; y < DigitFont.Height; y++)
            {
                for (int x = 0; x < DigitFont.Width; x++)
                {
                    bits.Append(DigitFont.IsInk(c, x, y) ? '#' : '.');
                }
            }

            Assert.Contains('#', bits.ToString());
            Assert.True(seen.Add(bits.ToString()), $"'{c}' looks like another character");
        }
    }

    /// <summary>Checks the signature, IHDR and CRCs, inflates IDAT and undoes filter type 0.</summary>
    private static (int Width, int Height, byte[] Pixels) DecodePng(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int position = 8;
        int width = 0;
        int height = 0;
        using var idat = new MemoryStream();
        while (position < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            string type = System.Text.Encoding.ASCII.GetString(png, position + 4, 4);
            byte[] data = png[(position + 8)..(position + 8 + length)];
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position + 8 + length));
            Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(png.AsSpan(position + 4, 4 + length)), crc);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4));
                Assert.Equal(8, data[8]);
                Assert.Equal(0, data[9]);
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            position += 12 + length;
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        byte[] raw = inflated.ToArray();
        Assert.Equal((width + 1) * height, raw.Length);
        byte[] pixels = new byte[width * height];
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(0, raw[y * (width + 1)]);
            Array.Copy(raw, (y * (width + 1)) + 1, pixels, y * width, width);
        }

        return (width, height, pixels);
    }

    /// <summary>Groups of adjacent columns with ink between rows <paramref name="top"/> and <paramref name="bottom"/>.</summary>
    private static int CountInkColumnsGroups(byte[] pixels, int width, int top, int bottom)
    {
        int groups = 0;
        bool inGroup = false;
        for (int x = 0; x < width; x++)
        {
            bool ink = false;
            for (int y = top; y < bottom && !ink; y++)
            {
                ink = pixels[(y * width) + x] == 0;
            }

            if (ink && !inGroup)
            {
                groups++;
            }

            inGroup = ink;
        }

        return groups;
    }
}
