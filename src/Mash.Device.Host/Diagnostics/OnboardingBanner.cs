using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Mash.Device.Identity;
using QRCoder;

namespace Mash.Device.Host.Diagnostics;

/// <summary>
/// What an installer reads off the console in place of a printed label: one "key: value" per line
/// (scripts grep them; the QR payload stands alone on its line), then the QR code in half-block
/// characters so a phone can scan it from the terminal.
/// </summary>
public static class OnboardingBanner
{
    // ANSI colours as qrencode's ANSI output uses them: black and white from the basic eight,
    // which every terminal has (the bright ones are not on every console).
    private const string Reset = "\e[0m";
    private const int Black = 0;
    private const int White = 7;

    /// <param name="colour">
    /// Draw the QR code with explicit black and white (true) or as plain characters (false); null
    /// decides: colours when <paramref name="output"/> is the console's stdout, a terminal, and
    /// neither NO_COLOR (https://no-color.org) nor TERM=dumb says otherwise.
    /// </param>
    public static void Write(TextWriter output, DeviceIdentity identity, string board, int port, string zones, string window, bool? colour = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(identity);
        output.WriteLine($"device-id: {identity.DeviceId}");
        output.WriteLine($"board: {board}");
        output.WriteLine($"port: {port}");
        output.WriteLine($"zones: {zones}");
        output.WriteLine($"commissioning-window: {window}");
        output.WriteLine($"discriminator: {identity.Discriminator}");
        if (identity.QrPayload is not { } qr)
        {
            output.WriteLine("setup-code: (provisioned; see the device label)");
            output.Flush();
            return;
        }

        output.WriteLine($"setup-code: {identity.SetupCode}");
        output.WriteLine($"manual-code: {identity.ManualCode}");
        output.WriteLine(qr.ToString());
        output.Write(RenderQr(qr.ToString(), colour ?? IsColourTerminal(output)));
        output.Flush();
    }

    /// <summary>True when <paramref name="output"/> is stdout on a terminal that may get colours.</summary>
    public static bool IsColourTerminal(TextWriter output) =>
        ReferenceEquals(output, Console.Out)
        && !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb";

    /// <summary>
    /// The QR code as text, two module rows per line ('▀' is the upper one, '▄' the lower one), with
    /// the 4-module quiet zone; each line ends with a newline.
    /// </summary>
    /// <remarks>
    /// With <paramref name="colour"/> every cell sets its own foreground and background, so the code
    /// is black on white whatever the terminal's theme: without colours, a light-on-dark terminal
    /// draws the blocks light and a dark-on-light one dark, and one of the two sees a negative a
    /// phone will not read. The plain form (logs, pipes, NO_COLOR) draws the light modules as
    /// blocks, for the light-on-dark terminals logs are mostly read on (journalctl, tail -f); the
    /// QR payload line above it makes the same code with <c>mashctl label</c> anywhere else.
    /// </remarks>
    public static string RenderQr(string payload, bool colour)
    {
        using var generator = new QRCodeGenerator();
        using QRCodeData data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        List<BitArray> matrix = data.ModuleMatrix; // quiet zone of 4 included
        int size = matrix.Count;
        var text = new StringBuilder();
        for (int y = 0; y < size; y += 2)
        {
            (int Fg, int Bg) current = (-1, -1);
            for (int x = 0; x < size; x++)
            {
                bool topDark = matrix[y][x];
                bool bottomDark = y + 1 < size && matrix[y + 1][x]; // past the last row: quiet zone
                if (colour)
                {
                    // The upper half block in the top module's colour on the bottom module's colour.
                    (int Fg, int Bg) cell = (topDark ? Black : White, bottomDark ? Black : White);
                    if (cell != current)
                    {
                        text.Append($"\e[3{cell.Fg};4{cell.Bg}m");
                        current = cell;
                    }

                    text.Append('▀');
                }
                else
                {
                    text.Append((topDark, bottomDark) switch
                    {
                        (false, false) => '█',
                        (false, true) => '▀',
                        (true, false) => '▄',
                        (true, true) => ' ',
                    });
                }
            }

            if (colour)
            {
                text.Append(Reset); // before the newline, so the colours never run to the right edge
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
