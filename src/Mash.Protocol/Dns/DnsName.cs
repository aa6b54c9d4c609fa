using System;
using System.Collections;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Dns;

/// <summary>
/// A domain name as a list of labels. DNS-SD instance names may contain dots and spaces inside a
/// label ("Home Energy._mashd._udp.local"), so the labels are the truth and the dotted text form
/// escapes dots and backslashes. Comparison ignores ASCII case only, as DNS does.
/// </summary>
public sealed class DnsName
{
    public static readonly DnsName Root = new(new string[0], 1);

    private readonly string[] _labels;

    /// <summary>Builds a name from labels, each 1..63 bytes of UTF-8, at most 255 bytes in all.</summary>
    public DnsName(params string[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var copy = new string[labels.Length];
        int wire = 1;
        for (int i = 0; i < labels.Length; i++)
        {
            string label = labels[i] ?? throw new ArgumentException("a label cannot be null", nameof(labels));
            int bytes = ByteCount(label);
            if (bytes == 0 || bytes > DnsLimits.MaxLabelLength)
            {
                throw new ArgumentException($"label \"{label}\" must be 1..{DnsLimits.MaxLabelLength} bytes of UTF-8", nameof(labels));
            }

            wire += bytes + 1;
            copy[i] = label;
        }

        if (wire > DnsLimits.MaxNameLength)
        {
            throw new ArgumentException($"name is {wire} bytes on the wire, more than {DnsLimits.MaxNameLength}", nameof(labels));
        }

        _labels = copy;
        WireLength = wire;
    }

    // For the decoder, which has already checked every limit.
    private DnsName(string[] labels, int wireLength)
    {
        _labels = labels;
        WireLength = wireLength;
    }

    public int LabelCount => _labels.Length;

    public string this[int index] => _labels[index];

    /// <summary>Uncompressed length on the wire, root byte included.</summary>
    public int WireLength { get; }

    /// <summary>
    /// Parses dotted text ("MASH-1234._mashc._udp.local", a trailing dot is optional). A backslash
    /// escapes the next character, so "a\.b.local" has the two labels "a.b" and "local".
    /// </summary>
    public static DnsName Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var labels = new ArrayList();
        var current = new TextBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(text[++i]);
            }
            else if (c == '.')
            {
                if (current.Length == 0)
                {
                    if (i == text.Length - 1 && labels.Count > 0)
                    {
                        break;
                    }

                    throw new ArgumentException($"\"{text}\" has an empty label", nameof(text));
                }

                labels.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0)
        {
            labels.Add(current.ToString());
        }

        return new DnsName(Lists.ToStrings(labels));
    }

    /// <summary>This name with one more label in front: the service type plus an instance label.</summary>
    public DnsName Prepend(string label)
    {
        var labels = new string[_labels.Length + 1];
        labels[0] = label;
        Array.Copy(_labels, 0, labels, 1, _labels.Length);
        return new DnsName(labels);
    }

    /// <summary>The name without its first <paramref name="count"/> labels.</summary>
    public DnsName Suffix(int count)
    {
        if (count < 0 || count > _labels.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"a name of {_labels.Length} labels has no suffix after {count}");
        }

        var labels = new string[_labels.Length - count];
        Array.Copy(_labels, count, labels, 0, labels.Length);
        int wire = 1;
        foreach (string label in labels)
        {
            wire += Utf8.GetByteCount(label) + 1;
        }

        return new DnsName(labels, wire);
    }

    public bool Equals(DnsName? other)
    {
        if (other is null || other._labels.Length != _labels.Length)
        {
            return false;
        }

        for (int i = 0; i < _labels.Length; i++)
        {
            if (!LabelEquals(_labels[i], other._labels[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is DnsName other && Equals(other);

    public override int GetHashCode()
    {
        int hash = 17;
        foreach (string label in _labels)
        {
            for (int i = 0; i < label.Length; i++)
            {
                hash = (hash * 31) + FoldAscii(label[i]);
            }

            hash = (hash * 31) + '.';
        }

        return hash;
    }

    public override string ToString()
    {
        if (_labels.Length == 0)
        {
            return ".";
        }

        var text = new TextBuilder();
        for (int i = 0; i < _labels.Length; i++)
        {
            if (i > 0)
            {
                text.Append('.');
            }

            string label = _labels[i];
            for (int k = 0; k < label.Length; k++)
            {
                char c = label[k];
                if (c == '.' || c == '\\')
                {
                    text.Append('\\');
                }

                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>Compares two labels ignoring ASCII case (DNS does not fold other letters).</summary>
    public static bool LabelEquals(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (FoldAscii(a[i]) != FoldAscii(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    internal static DnsName FromDecoded(string[] labels, int wireLength) => new(labels, wireLength);

    // UTF-8 length of a label; text that has no UTF-8 form (an unpaired surrogate) is not a label.
    private static int ByteCount(string label)
    {
        try
        {
            return Utf8.GetByteCount(label);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"label \"{label}\" is not valid text", nameof(label), ex);
        }
    }

    internal static char FoldAscii(char c) => c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}
