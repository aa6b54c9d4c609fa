using System;
using System.Collections.Generic;
using System.Globalization;
using Mash.Device.Host.Diagnostics;
using Mash.Device.Host.Tests.Diagnostics;
using Mash.Tool.Tests.Imaging;

namespace Mash.Device.Host.Tests.EndToEnd;

/// <summary>
/// The QR code mash-load draws at start, as a phone sees it: drawn from the characters and colours
/// the terminal got, once on a dark-on-light theme and once on a light-on-dark one, and read by
/// zbarimg.
/// </summary>
public sealed class TerminalQrTests
{
    private const string Payload = "MASH:1:1234:20252026";
    private const byte Dark = 0;
    private const byte Light = 255;

    [SkippableFact]
    public void In_a_terminal_the_QR_code_scans_on_light_and_on_dark_themes()
    {
        ImageTools.Require("tmux", "zbarimg");
        using var folder = new TempDirectory();

        // NO_COLOR set but empty means "not set" (no-color.org): a test runner's own must not leak in.
        List<string> qr = CaptureQr(folder, ["NO_COLOR="]);

        Assert.Contains(qr, l => l.Contains('\e', StringComparison.Ordinal));
        Assert.Equal(Payload, Decode(folder, qr, Dark, Light, "dark-on-light"));
        Assert.Equal(Payload, Decode(folder, qr, Light, Dark, "light-on-dark"));
    }

    [SkippableFact]
    public void With_NO_COLOR_the_terminal_gets_plain_blocks_that_scan_on_a_dark_theme()
    {
        ImageTools.Require("tmux", "zbarimg");
        using var folder = new TempDirectory();

        List<string> qr = CaptureQr(folder, ["NO_COLOR=1"]);

        Assert.DoesNotContain(qr, l => l.Contains('\e', StringComparison.Ordinal));
        Assert.Equal(Payload, Decode(folder, qr, Light, Dark, "light-on-dark"));
    }

    [SkippableFact]
    public void Piped_stdout_gets_no_escape_codes_and_its_blocks_scan_on_a_dark_theme()
    {
        ImageTools.Require("zbarimg");
        using var folder = new TempDirectory();
        using MashLoadProcess device = MashLoadProcess.Start(folder.Path, Args(folder));
        int expected = OnboardingBanner.RenderQr(Payload, colour: false).TrimEnd('\n').Split('\n').Length;
        int seen = 0;
        device.WaitForStdout(l => TerminalRaster.QrLines([l]).Count == 1 && ++seen == expected);

        Assert.DoesNotContain(device.Stdout, l => l.Contains('\e', StringComparison.Ordinal));
        List<string> qr = TerminalRaster.QrLines(device.Stdout);
        Assert.Equal(Payload, Decode(folder, qr, Light, Dark, "light-on-dark"));
        device.Signal();
        Assert.Equal(0, device.WaitForExit());
    }

    [SkippableFact]
    public void The_coloured_code_sets_both_colours_of_every_cell_and_resets_before_each_newline()
    {
        ImageTools.Require("zbarimg");
        using var folder = new TempDirectory();

        string text = OnboardingBanner.RenderQr(Payload, colour: true);
        string[] lines = text.TrimEnd('\n').Split('\n');

        Assert.All(lines, l => Assert.StartsWith("\e[3", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.EndsWith("\e[0m", l, StringComparison.Ordinal));
        Assert.Equal(Payload, Decode(folder, [.. lines], Dark, Light, "unit-dark-on-light"));
        Assert.Equal(Payload, Decode(folder, [.. lines], Light, Dark, "unit-light-on-dark"));
    }

    private static string[] Args(TempDirectory folder) =>
    [
        "--data", folder.File("flash"),
        "--port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
        "--setup-code", "20252026",
        "--discriminator", "1234",
        "--interface", "lo",
    ];

    private static List<string> CaptureQr(TempDirectory folder, string[] environment)
    {
        using TmuxPane pane = TmuxPane.StartMashLoad(folder.Path, environment, Args(folder));
        pane.WaitForStderr("running;", TimeSpan.FromSeconds(30));
        string screen = pane.Capture();
        List<string> qr = TerminalRaster.QrLines(screen.Split('\n'));
        Assert.True(qr.Count > 10, "no QR code in the pane:\n" + screen);
        return qr;
    }

    /// <summary>Draws the lines on a theme and returns what zbarimg reads (empty: nothing).</summary>
    private static string Decode(TempDirectory folder, List<string> lines, byte foreground, byte background, string name)
    {
        string file = folder.File(name + ".pgm");
        TerminalRaster.Draw(lines, foreground, background).WritePgm(file);
        return string.Join('\n', ImageTools.DecodeQr(file));
    }
}
