using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using System.Xml.Linq;
using Mash.Protocol.Onboarding;
using Mash.Tool.Tests.Imaging;

namespace Mash.Tool.Tests;

/// <summary>
/// The labels as a printer and a phone see them: the SVG drawn by librsvg, both formats read by
/// zbarimg, and the manual code (with its check digit) whole on the page.
/// </summary>
public sealed class LabelRenderTests : IDisposable
{
    private static readonly OnboardingCode Code = new(new Discriminator(1234), new SetupCode(20202021));
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly string _folder = Directory.CreateTempSubdirectory("mashctl-label-render-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Payloads => new()
    {
        Code.ToQrPayload().ToString(), // a version 1 QR code, narrower than the manual code
        "MASH:1:4095:87654321",
        Code.ToManualCode(), // a label made from the manual code carries the QR payload it stands for
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task The_SVG_manual_code_lies_inside_the_page(string payload)
    {
        string file = Path.Combine(_folder, "label.svg");
        Assert.Equal(0, (await CliRun.RunAsync("label", payload, "--out", file)).ExitCode);

        XElement root = XDocument.Load(file).Root!;
        double[] viewBox = Array.ConvertAll(root.Attribute("viewBox")!.Value.Split(' '), v => double.Parse(v, CultureInfo.InvariantCulture));
        XElement text = root.Element(Svg + "text")!;
        Assert.Equal("middle", text.Attribute("text-anchor")!.Value);
        double x = Number(text, "x"), fontSize = Number(text, "font-size");

        // A monospace digit advances 0.6 em (DejaVu Sans Mono, Courier); the code is centred on x.
        double width = text.Value.Length * 0.6 * fontSize;
        Assert.True(x - (width / 2) >= viewBox[0], $"the manual code starts at {x - (width / 2):F2}, left of the page ({viewBox[0]})");
        Assert.True(x + (width / 2) <= viewBox[0] + viewBox[2], $"the manual code ends at {x + (width / 2):F2}, right of the page ({viewBox[0] + viewBox[2]})");
        Assert.True(Number(text, "y") <= viewBox[1] + viewBox[3], "the manual code's baseline is below the page");
    }

    [SkippableTheory]
    [MemberData(nameof(Payloads))]
    public async Task The_SVG_label_drawn_by_librsvg_scans_and_shows_the_whole_manual_code(string payload)
    {
        ImageTools.Require("rsvg-convert", "zbarimg");
        string file = Path.Combine(_folder, "label.svg");
        Assert.Equal(0, (await CliRun.RunAsync("label", payload, "--out", file)).ExitCode);

        GrayImage page = ImageTools.RenderSvg(file);

        Assert.Equal(QrText(payload), Assert.Single(ImageTools.DecodeQr(Path.ChangeExtension(file, ".rendered.png"))));
        AssertManualCodeWholeOnPage(page, QrBottom(payload), OnboardingCode.Parse(payload).ToManualCode());
    }

    [SkippableTheory]
    [MemberData(nameof(Payloads))]
    public async Task The_PNG_label_scans_and_shows_the_whole_manual_code(string payload)
    {
        ImageTools.Require("zbarimg");
        string file = Path.Combine(_folder, "label.png");
        Assert.Equal(0, (await CliRun.RunAsync("label", payload, "--out", file)).ExitCode);

        GrayImage page = GrayImage.ReadPng(file);

        Assert.Equal(QrText(payload), Assert.Single(ImageTools.DecodeQr(file)));
        AssertManualCodeWholeOnPage(page, QrBottom(payload), OnboardingCode.Parse(payload).ToManualCode());
    }

    /// <summary>
    /// Below the QR code: one ink group per character (a clipped digit is a missing group) and a
    /// clear column at both page edges (text cut by the edge has ink there).
    /// </summary>
    private static void AssertManualCodeWholeOnPage(GrayImage page, int textTop, string manualCode)
    {
        (int left, _, int right, int bottom) = page.InkBox(textTop, page.Height) ?? throw new Xunit.Sdk.XunitException("no manual code under the QR code");
        Assert.True(left > 0, $"the manual code touches the left edge of the page (ink at x={left})");
        Assert.True(right < page.Width - 1, $"the manual code touches the right edge of the page (ink at x={right}, width {page.Width})");
        Assert.True(bottom < page.Height - 1, "the manual code touches the bottom of the page");
        Assert.Equal(manualCode.Length, page.InkColumnGroups(textTop, page.Height));
    }

    /// <summary>The first pixel row under the QR code (and its quiet zone): both formats draw 8 pixels a module by default.</summary>
    private static int QrBottom(string payload) => Mash.Tool.Labels.SetupLabel.Create(payload).Size * 8;

    private static string QrText(string payload) => OnboardingCode.Parse(payload).ToQrPayload().ToString();

    private static double Number(XElement element, string attribute) =>
        double.Parse(element.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);
}
