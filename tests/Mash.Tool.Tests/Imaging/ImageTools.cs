using System;
using System.Diagnostics;
using System.IO;

namespace Mash.Tool.Tests.Imaging;

/// <summary>
/// The renderer and decoder a person's tools would use: rsvg-convert (Debian librsvg2-bin) turns
/// an SVG into pixels, zbarimg (Debian zbar-tools) reads a QR code off a picture. Shared as source
/// with the device host tests, which read the terminal's QR code with it.
/// </summary>
internal static class ImageTools
{
    /// <summary>
    /// Skips the test when a tool is missing and we are not root; as root (CI, where .ci/run
    /// installs them) a missing tool fails the test instead of hiding it.
    /// </summary>
    public static void Require(params string[] tools)
    {
        foreach (string tool in tools)
        {
            if (OnPath(tool))
            {
                continue;
            }

            string package = tool switch { "rsvg-convert" => "librsvg2-bin", "zbarimg" => "zbar-tools", _ => tool };
            string why = $"{tool} is not installed (Debian package {package}; .ci/run installs it)";
            Assert.False(Environment.IsPrivilegedProcess, why);
            Skip.If(true, why);
        }
    }

    /// <summary>The texts of the QR codes zbarimg finds in the picture (none: empty).</summary>
    public static string[] DecodeQr(string picture)
    {
        (int code, string stdout, string stderr) = Run("zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", picture);

        // zbarimg exits 4 when it found no code; anything else non-zero is a broken picture.
        Assert.True(code is 0 or 4, $"zbarimg {picture} exited {code}: {stderr.Trim()}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Renders an SVG to PNG at its own size, as librsvg (GNOME, Inkscape export) draws it.</summary>
    public static GrayImage RenderSvg(string svg)
    {
        string png = Path.ChangeExtension(svg, ".rendered.png");
        (int code, _, string stderr) = Run("rsvg-convert", "--format", "png", "--output", png, svg);
        Assert.True(code == 0, $"rsvg-convert {svg} exited {code}: {stderr.Trim()}");
        return GrayImage.ReadPng(png);
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using Process process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish in 60 s");
        }

        return (process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }

    public static bool OnPath(string tool)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, tool)))
            {
                return true;
            }
        }

        return false;
    }
}
