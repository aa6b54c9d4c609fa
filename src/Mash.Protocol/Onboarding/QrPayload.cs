using System;

namespace Mash.Protocol.Onboarding;

/// <summary>
/// The QR code content <c>MASH:&lt;version&gt;:&lt;discriminator&gt;:&lt;8-digit code&gt;</c> as the
/// behaviour spec (testing/behavior/discovery.md section 4) and the reference device define it.
/// The older six-field form of security.md (vendor and product in hex appended) is accepted when
/// parsing, never emitted: the reference controller's parser takes exactly four fields.
/// </summary>
public sealed class QrPayload
{
    public const string Prefix = "MASH:";
    public const byte CurrentVersion = 1;

    private static readonly char[] FieldSeparator = { ':' };

    public QrPayload(Discriminator discriminator, SetupCode setupCode)
        : this(CurrentVersion, discriminator, setupCode)
    {
    }

    /// <summary>The four-field form: no vendor and product IDs.</summary>
    public QrPayload(byte version, Discriminator discriminator, SetupCode setupCode)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(setupCode);
        Version = version;
        Discriminator = discriminator;
        SetupCode = setupCode;
    }

    /// <summary>The older six-field form with vendor and product IDs.</summary>
    public QrPayload(byte version, Discriminator discriminator, SetupCode setupCode, ushort vendorId, ushort productId)
        : this(version, discriminator, setupCode)
    {
        HasVendorProduct = true;
        VendorId = vendorId;
        ProductId = productId;
    }

    public byte Version { get; }

    public Discriminator Discriminator { get; }

    public SetupCode SetupCode { get; }

    /// <summary>True when the payload carried vendor and product IDs (the six-field form).</summary>
    public bool HasVendorProduct { get; }

    /// <summary>The vendor ID of a six-field payload; 0 when <see cref="HasVendorProduct"/> is false.</summary>
    public ushort VendorId { get; }

    /// <summary>The product ID of a six-field payload; 0 when <see cref="HasVendorProduct"/> is false.</summary>
    public ushort ProductId { get; }

    /// <summary>The four-field text that goes into the QR code.</summary>
    public override string ToString() => Prefix + Version.ToString() + ":" + Discriminator.ToString() + ":" + SetupCode.ToString();

    public static QrPayload Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (!trimmed.StartsWith(Prefix))
        {
            throw new OnboardingFormatException($"QR payload must start with \"{Prefix}\"");
        }

        string[] parts = trimmed.Split(FieldSeparator);
        if (parts.Length != 4 && parts.Length != 6)
        {
            throw new OnboardingFormatException($"QR payload must have 4 fields (MASH:<version>:<discriminator>:<setup code>), got {parts.Length}");
        }

        string v = parts[1];
        if (!SetupCode.AllDigits(v) || v.Length > 3 || (v.Length > 1 && v[0] == '0'))
        {
            throw new OnboardingFormatException($"QR payload version must be a decimal 1..255 without leading zeros, got \"{v}\"");
        }

        int version = SetupCode.ParseDigits(v, 0, v.Length);
        if (version < 1 || version > 255)
        {
            throw new OnboardingFormatException($"QR payload version must be 1..255, got {version}");
        }

        var discriminator = Discriminator.Parse(parts[2]);
        var code = SetupCode.Parse(parts[3]);
        if (parts.Length == 4)
        {
            return new QrPayload((byte)version, discriminator, code);
        }

        return new QrPayload((byte)version, discriminator, code, ParseHexId(parts[4], "vendor"), ParseHexId(parts[5], "product"));
    }

    public static bool TryParse(string text, out QrPayload? payload)
    {
        try
        {
            payload = Parse(text);
            return true;
        }
        catch (OnboardingFormatException)
        {
            payload = null;
            return false;
        }
    }

    public override bool Equals(object? obj) =>
        obj is QrPayload other && other.Version == Version && other.Discriminator.Equals(Discriminator) && other.SetupCode.Equals(SetupCode)
        && other.HasVendorProduct == HasVendorProduct && other.VendorId == VendorId && other.ProductId == ProductId;

    public override int GetHashCode() => (((Version * 397) ^ Discriminator.Value) * 397) ^ SetupCode.Value ^ (VendorId << 16) ^ ProductId;

    /// <summary>True when <paramref name="text"/>, after leading white space, starts with "MASH:" in any case.</summary>
    internal static bool HasPrefixIgnoringCase(string text)
    {
        string trimmed = text.TrimStart();
        if (trimmed.Length < Prefix.Length)
        {
            return false;
        }

        for (int i = 0; i < Prefix.Length; i++)
        {
            char c = trimmed[i];
            if (c >= 'a' && c <= 'z')
            {
                c = (char)(c - 32);
            }

            if (c != Prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    private static ushort ParseHexId(string text, string what)
    {
        // "0x" and one to four hex digits, either case.
        if (text.Length < 3 || text.Length > 6 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
        {
            throw BadHexId(text, what);
        }

        int id = 0;
        for (int i = 2; i < text.Length; i++)
        {
            char c = text[i];
            int digit;
            if (c >= '0' && c <= '9')
            {
                digit = c - '0';
            }
            else if (c >= 'a' && c <= 'f')
            {
                digit = c - 'a' + 10;
            }
            else if (c >= 'A' && c <= 'F')
            {
                digit = c - 'A' + 10;
            }
            else
            {
                throw BadHexId(text, what);
            }

            id = (id << 4) | digit;
        }

        return (ushort)id;
    }

    private static OnboardingFormatException BadHexId(string text, string what) =>
        new($"QR payload {what} ID must be hex like 0x1234, got \"{text}\"");
}
