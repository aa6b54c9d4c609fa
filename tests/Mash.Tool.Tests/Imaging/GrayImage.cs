using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace Mash.Tool.Tests.Imaging;

/// <summary>
/// An 8-bit grayscale picture for the rendering tests: read from the PNGs real renderers write
/// (any 8-bit colour type, any filter, alpha composited onto white, as paper is), or drawn by a
/// test and written as PGM, which zbarimg reads too.
/// </summary>
internal sealed class GrayImage
{
    public GrayImage(int width, int height)
    {
        Width = width;
        Height = height;
        Pixels = new byte[width * height];
        Array.Fill(Pixels, (byte)255);
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    public byte this[int x, int y]
    {
        get => Pixels[(y * Width) + x];
        set => Pixels[(y * Width) + x] = value;
    }

    public bool IsInk(int x, int y) => this[x, y] < 128;

    public void Fill(int left, int top, int width, int height, byte value)
    {
        for (int y = top; y < top + height; y++)
        {
            Array.Fill(Pixels, value, (y * Width) + left, width);
        }
    }

    public void WritePgm(string path)
    {
        using FileStream file = File.Create(path);
        file.Write(Encoding.ASCII.GetBytes($"P5\n{Width} {Height}\n255\n"));
        file.Write(Pixels);
    }

    /// <summary>The smallest box holding every ink pixel of rows <paramref name="top"/> to <paramref name="bottom"/> (exclusive), or null.</summary>
    public (int Left, int Top, int Right, int Bottom)? InkBox(int top, int bottom)
    {
        int left = int.MaxValue, right = -1, first = -1, last = -1;
        for (int y = top; y < bottom; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                if (IsInk(x, y))
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                    first = first < 0 ? y : first;
                    last = y;
                }
            }
        }

        return right < 0 ? null : (left, first, right, last);
    }

    /// <summary>Runs of adjacent columns with ink between the rows given: one per printed character.</summary>
    public int InkColumnGroups(int top, int bottom)
    {
        int groups = 0;
        bool inGroup = false;
        for (int x = 0; x < Width; x++)
        {
            bool ink = false;
            for (int y = top; y < bottom && !ink; y++)
            {
                ink = IsInk(x, y);
            }

            groups += ink && !inGroup ? 1 : 0;
            inGroup = ink;
        }

        return groups;
    }

    /// <summary>Decodes an 8-bit, non-interlaced PNG of colour type 0, 2, 4 or 6.</summary>
    public static GrayImage ReadPng(string path)
    {
        byte[] png = File.ReadAllBytes(path);
        if (!png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            throw new InvalidDataException($"{path} is not a PNG");
        }

        int position = 8, width = 0, height = 0, colourType = 0;
        using var idat = new MemoryStream();
        while (position < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            string type = Encoding.ASCII.GetString(png, position + 4, 4);
            ReadOnlySpan<byte> data = png.AsSpan(position + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                colourType = data[9];
                if (data[8] != 8 || data[12] != 0 || colourType is not (0 or 2 or 4 or 6))
                {
                    throw new InvalidDataException($"{path}: only 8-bit non-interlaced gray/RGB(A) PNGs are read here");
                }
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            position += 12 + length;
        }

        int channels = colourType switch { 0 => 1, 2 => 3, 4 => 2, _ => 4 };
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        byte[] raw = inflated.ToArray();
        int stride = width * channels;
        byte[] previous = new byte[stride];
        byte[] row = new byte[stride];
        var image = new GrayImage(width, height);
        for (int y = 0; y < height; y++)
        {
            int start = y * (stride + 1);
            byte filter = raw[start];
            for (int i = 0; i < stride; i++)
            {
                int a = i >= channels ? row[i - channels] : 0;
                int b = previous[i];
                int c = i >= channels ? previous[i - channels] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"{path}: PNG filter {filter}"),
                };
                row[i] = (byte)(raw[start + 1 + i] + predictor);
            }

            for (int x = 0; x < width; x++)
            {
                int o = x * channels;
                double gray = channels <= 2 ? row[o] : (0.299 * row[o]) + (0.587 * row[o + 1]) + (0.114 * row[o + 2]);
                double alpha = channels is 2 or 4 ? row[o + channels - 1] / 255.0 : 1;
                image[x, y] = (byte)Math.Round((gray * alpha) + (255 * (1 - alpha)));
            }

            (previous, row) = (row, previous);
        }

        return image;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
