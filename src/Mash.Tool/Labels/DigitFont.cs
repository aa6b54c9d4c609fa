using System;

namespace Mash.Tool.Labels;

/// <summary>
/// A 5x7 pixel font for what a manual code contains: digits and the dash. QRCoder draws no text
/// and System.Drawing is Windows-only, so the PNG label draws its own characters.
/// </summary>
internal static class DigitFont
{
    public const int Width = 5;
    public const int Height = 7;

    /// <summary>Columns between characters.</summary>
    public const int Spacing = 1;

    private static readonly string[][] Digits =
    [
        // 0
        [
            ".###.",
            "#...#",
            "#..##",
            "#.#.#",
            "##..#",
            "#...#",
            ".###.",
        ],

        // 1
        [
            "..#..",
            ".##..",
            "..#..",
            "..#..",
            "..#..",
            "..#..",
            ".###.",
        ],

        // 2
        [
            ".###.",
            "#...#",
            "....#",
            "...#.",
            "..#..",
            ".#...",
            "#####",
        ],

        // 3
        [
            "#####",
            "...#.",
            "..#..",
            "...#.",
            "....#",
            "#...#",
            ".###.",
        ],

        // 4
        [
            "...#.",
            "..##.",
            ".#.#.",
            "#..#.",
            "#####",
            "...#.",
            "...#.",
        ],

        // 5
        [
            "#####",
            "#....",
            "####.",
            "....#",
            "....#",
            "#...#",
            ".###.",
        ],

        // 6
        [
            "..##.",
            ".#...",
            "#....",
            "####.",
            "#...#",
            "#...#",
            ".###.",
        ],

        // 7
        [
            "#####",
            "....#",
            "...#.",
            "..#..",
            ".#...",
            ".#...",
            ".#...",
        ],

        // 8
        [
            ".###.",
            "#...#",
            "#...#",
            ".###.",
            "#...#",
            "#...#",
            ".###.",
        ],

        // 9
        [
            ".###.",
            "#...#",
            "#...#",
            ".####",
            "....#",
            "...#.",
            ".##..",
        ],
    ];

    private static readonly string[] Dash = [".....", ".....", ".....", "#####", ".....", ".....", "....."];

    /// <summary>Whether pixel (x, y) of <paramref name="c"/> is ink; a space, or a character the font lacks, is blank.</summary>
    public static bool IsInk(char c, int x, int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, Width);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        string[]? glyph = c switch
        {
            >= '0' and <= '9' => Digits[c - '0'],
            '-' => Dash,
            _ => null,
        };
        return glyph is not null && glyph[y][x] == '#';
    }

    /// <summary>True for the characters this font draws.</summary>
    public static bool CanDraw(char c) => c is (>= '0' and <= '9') or '-' or ' ';

    /// <summary>Width in font pixels of a line of text.</summary>
    public static int Measure(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? 0 : (text.Length * (Width + Spacing)) - Spacing;
    }
}
