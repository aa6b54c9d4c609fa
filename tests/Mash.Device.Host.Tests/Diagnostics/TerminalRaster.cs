using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Mash.Tool.Tests.Imaging;

namespace Mash.Device.Host.Tests.Diagnostics;

/// <summary>
/// Draws terminal text the way a terminal does, for a QR decoder to read: each cell 6 pixels wide
/// and 12 high, block characters ('█', '▀', '▄', ' ') in the cell's foreground and background,
/// SGR colour escapes applied, and the theme's default colours wherever the text sets none.
/// </summary>
internal static class TerminalRaster
{
    private const int CellWidth = 6;
    private const int CellHeight = 12;

    /// <summary>A light-on-dark theme's "black" and "white" (Tango's), as most terminals ship them.</summary>
    private static readonly byte[] Palette = [0x2e, 0xcc, 0x4e, 0xc4, 0x34, 0x75, 0x06, 0xd3, 0x55, 0xef, 0x8a, 0xfc, 0x72, 0xad, 0x34, 0xee];

    /// <summary>Lines that are only block characters (escapes aside): the QR code in the text.</summary>
    public static List<string> QrLines(IEnumerable<string> lines)
    {
        var qr = new List<string>();
        foreach (string line in lines)
        {
            string plain = StripEscapes(line).TrimEnd();
            bool blocks = plain.Length > 0;
            foreach (char c in plain)
            {
                blocks &= c is '█' or '▀' or '▄' or ' ';
            }

            if (blocks && plain.Trim().Length > 0)
            {
                qr.Add(line);
            }
            else if (qr.Count > 0)
            {
                break; // the code ends at the first other line
            }
        }

        return qr;
    }

    public static string StripEscapes(string line)
    {
        var plain = new StringBuilder();
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == '\e')
            {
                while (i < line.Length && !char.IsAsciiLetter(line[i]))
                {
                    i++;
                }

                continue;
            }

            plain.Append(line[i]);
        }

        return plain.ToString();
    }

    /// <summary>The lines drawn on a theme with the given default foreground and background grays.</summary>
    public static GrayImage Draw(IReadOnlyList<string> lines, byte defaultForeground, byte defaultBackground)
    {
        int columns = 0;
        foreach (string line in lines)
        {
            columns = Math.Max(columns, StripEscapes(line).Length);
        }

        var image = new GrayImage(columns * CellWidth, lines.Count * CellHeight);
        image.Fill(0, 0, image.Width, image.Height, defaultBackground);
        // As on a terminal, colours set on one line hold on the next until changed: tmux's capture
        // only writes an escape where the colour changes.
        byte fg = defaultForeground, bg = defaultBackground;
        for (int row = 0; row < lines.Count; row++)
        {
            int column = 0;
            string line = lines[row];
            for (int i = 0; i < line.Length; i++)
            {
                if (line[i] == '\e' && i + 1 < line.Length && line[i + 1] == '[')
                {
                    int end = line.IndexOf('m', i);
                    ApplySgr(line[(i + 2)..end], ref fg, ref bg, defaultForeground, defaultBackground);
                    i = end;
                    continue;
                }

                (byte top, byte bottom) = line[i] switch
                {
                    '█' => (fg, fg),
                    '▀' => (fg, bg),
                    '▄' => (bg, fg),
                    _ => (bg, bg),
                };
                image.Fill(column * CellWidth, row * CellHeight, CellWidth, CellHeight / 2, top);
                image.Fill(column * CellWidth, (row * CellHeight) + (CellHeight / 2), CellWidth, CellHeight / 2, bottom);
                column++;
            }
        }

        return image;
    }

    private static void ApplySgr(string parameters, ref byte fg, ref byte bg, byte defaultForeground, byte defaultBackground)
    {
        string[] codes = parameters.Length == 0 ? ["0"] : parameters.Split(';');
        for (int k = 0; k < codes.Length; k++)
        {
            int code = int.Parse(codes[k], CultureInfo.InvariantCulture);
            switch (code)
            {
                case 0: fg = defaultForeground; bg = defaultBackground; break;
                case 39: fg = defaultForeground; break;
                case 49: bg = defaultBackground; break;
                case >= 30 and <= 37: fg = Palette[code - 30]; break;
                case >= 40 and <= 47: bg = Palette[code - 40]; break;
                case >= 90 and <= 97: fg = Palette[code - 90 + 8]; break;
                case >= 100 and <= 107: bg = Palette[code - 100 + 8]; break;
                case 38 or 48 when k + 2 < codes.Length && codes[k + 1] == "5":
                    byte gray = Indexed(int.Parse(codes[k + 2], CultureInfo.InvariantCulture));
                    if (code == 38)
                    {
                        fg = gray;
                    }
                    else
                    {
                        bg = gray;
                    }

                    k += 2;
                    break;
                default: break; // bold, underline and the like do not change a block's colour
            }
        }
    }

    private static byte Indexed(int n) => n switch
    {
        < 16 => Palette[n],
        >= 232 => (byte)(8 + ((n - 232) * 10)),
        _ => 128,
    };
}
