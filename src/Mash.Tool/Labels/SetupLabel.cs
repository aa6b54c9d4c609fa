using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Mash.Protocol.Onboarding;
using QRCoder;

namespace Mash.Tool.Labels;

/// <summary>
/// The printable onboarding label: the QR code of the payload and, under it, the manual code for
/// when the camera fails. Both are drawn from one module matrix, so PNG and SVG look the same.
/// </summary>
internal sealed class SetupLabel
{
    /// <summary>QR modules of white around the code, as ISO/IEC 18004 requires.</summary>
    public const int QuietZone = 4;

    private readonly bool[,] _modules;

    private SetupLabel(string qrText, string manualCode, bool[,] modules)
    {
        QrText = qrText;
        ManualCode = manualCode;
        _modules = modules;
    }

    /// <summary>The text in the QR code (MASH:...).</summary>
    public string QrText { get; }

    /// <summary>The manual code printed under it (DDDD-SSSS-SSSS-C).</summary>
    public string ManualCode { get; }

    /// <summary>Modules per side, quiet zone included.</summary>
    public int Size => _modules.GetLength(0);

    /// <summary>
    /// From a QR payload or a manual code (turned into the QR payload it stands for). A six-field
    /// payload loses its vendor and product IDs: QrPayload writes the four-field form the
    /// reference controller reads.
    /// </summary>
    /// <exception cref="FormatException">Neither a QR payload nor a manual code.</exception>
    public static SetupLabel Create(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        OnboardingCode code = OnboardingCode.Parse(payload);
        string qrText = QrPayload.TryParse(payload.Trim(), out QrPayload? qr) && qr is not null ? qr.ToString() : code.ToQrPayload().ToString();

        using var generator = new QRCodeGenerator();
        using QRCodeData data = generator.CreateQrCode(qrText, QRCodeGenerator.ECCLevel.M);

        // QRCoder's matrix already carries its own quiet zone of 4 modules; take it as it is.
        List<BitArray> matrix = data.ModuleMatrix;
        bool[,] modules = new bool[matrix.Count, matrix.Count];
        for (int y = 0; y < matrix.Count; y++)
        {
            for (int x = 0; x < matrix.Count; x++)
            {
                modules[y, x] = matrix[y][x];
            }
        }

        return new SetupLabel(qrText, code.ToManualCode(), modules);
    }

    public bool IsDark(int x, int y) => _modules[y, x];

    /// <summary>
    /// A grayscale PNG: <paramref name="modulePixels"/> pixels per QR module, the manual code in
    /// the 5x7 font at half a module per font pixel below it; the label widens if the text needs it.
    /// </summary>
    public (byte[] Png, int Width, int Height) ToPng(int modulePixels = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(modulePixels, 2);
        int fontPixel = modulePixels / 2;
        int qrSide = Size * modulePixels;
        int textWidth = DigitFont.Measure(ManualCode) * fontPixel;
        int margin = 2 * modulePixels;
        int width = Math.Max(qrSide, textWidth + (2 * margin));
        int height = qrSide + (DigitFont.Height * fontPixel) + margin;

        byte[] pixels = new byte[width * height];
        Array.Fill(pixels, (byte)255);
        int qrLeft = (width - qrSide) / 2;
        for (int my = 0; my < Size; my++)
        {
            for (int mx = 0; mx < Size; mx++)
            {
                if (_modules[my, mx])
                {
                    Fill(pixels, width, qrLeft + (mx * modulePixels), my * modulePixels, modulePixels, modulePixels);
                }
            }
        }

        // The text starts where the QR's quiet zone ends, so the quiet zone stays clear.
        int textLeft = (width - textWidth) / 2;
        int textTop = qrSide;
        for (int i = 0; i < ManualCode.Length; i++)
        {
            int charLeft = textLeft + (i * (DigitFont.Width + DigitFont.Spacing) * fontPixel);
            for (int fy = 0; fy < DigitFont.Height; fy++)
            {
                for (int fx = 0; fx < DigitFont.Width; fx++)
                {
                    if (DigitFont.IsInk(ManualCode[i], fx, fy))
                    {
                        Fill(pixels, width, charLeft + (fx * fontPixel), textTop + (fy * fontPixel), fontPixel, fontPixel);
                    }
                }
            }
        }

        return (GrayPng.Encode(pixels, width, height), width, height);
    }

    /// <summary>Height of the SVG's manual code in modules: about the height of the PNG's text.</summary>
    internal const double SvgTextSize = 3.5;

    /// <summary>
    /// Advance of one character as a share of the font size. Monospace fonts use 0.6 (DejaVu Sans
    /// Mono 0.602, Consolas 0.55, Courier 0.6); a little more keeps a wider fallback on the page.
    /// </summary>
    internal const double SvgCharAdvance = 0.62;

    /// <summary>Clear space either side of the manual code, in modules.</summary>
    internal const double SvgTextMargin = 2;

    /// <summary>
    /// An SVG in module units (scales to any print size), the manual code as a &lt;text&gt; element.
    /// The page is as wide as the QR code or the text with its margins, whichever is wider: the
    /// 16-character manual code is wider than a version 1 QR code, and a page cut to the QR code
    /// clipped its first and last digit (the check digit) off the print.
    /// </summary>
    public string ToSvg()
    {
        double textWidth = ManualCode.Length * SvgCharAdvance * SvgTextSize;
        double width = Math.Max(Size, textWidth + (2 * SvgTextMargin));
        double height = Size + SvgTextSize + 2;
        double qrLeft = (width - Size) / 2;
        var path = new StringBuilder();
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++)
            {
                if (_modules[y, x])
                {
                    path.Append(CultureInfo.InvariantCulture, $"M{x} {y}h1v1h-1z");
                }
            }
        }

        var svg = new StringBuilder();
        svg.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Number(width)} {Number(height)}\" width=\"{Number(width * 8)}\" height=\"{Number(height * 8)}\" shape-rendering=\"crispEdges\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<title>MASH setup code {Escape(ManualCode)}</title>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Number(width)}\" height=\"{Number(height)}\" fill=\"#fff\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<path transform=\"translate({Number(qrLeft)} 0)\" d=\"{path}\" fill=\"#000\"/>\n");

        // textLength pins the width in renderers that honour it, whatever font they fall back to.
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Number(width / 2)}\" y=\"{Number(Size + SvgTextSize)}\" textLength=\"{Number(textWidth)}\" lengthAdjust=\"spacingAndGlyphs\" ");
        svg.Append(CultureInfo.InvariantCulture, $"font-family=\"DejaVu Sans Mono, Consolas, monospace\" font-size=\"{Number(SvgTextSize)}\" text-anchor=\"middle\" fill=\"#000\">{Escape(ManualCode)}</text>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Number(double value) => Math.Round(value, 3).ToString(CultureInfo.InvariantCulture);

    private static void Fill(byte[] pixels, int width, int left, int top, int w, int h)
    {
        for (int y = top; y < top + h; y++)
        {
            Array.Fill(pixels, (byte)0, (y * width) + left, w);
        }
    }

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
