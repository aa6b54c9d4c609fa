using System;
using System.Globalization;

namespace Mash.Protocol.Onboarding;

/// <summary>
/// The QR code content <c>MASH:&lt;version&gt;:&lt;discriminator&gt;:&lt;8-digit code&gt;</c> as the
/// behaviour spec (testing/behavior/discovery.md section 4) and the reference device define it.
/// The older six-field form of security.md (vendor and product in hex appended) is accepted when
/// parsing, never emitted: the reference controller's parser takes exactly four fields.
/// </summary>
public sealed record QrPayload(byte Version, Discriminator Discriminator, SetupCode SetupCode, ushort? VendorId = null, ushort? ProductId = null)
{
    public const string Prefix = "MASH:";
    public const byte CurrentVersion = 1;

    public QrPayload(Discriminator discriminator, SetupCode setupCode)
        : this(CurrentVersion, discriminator, setupCode)
    {
    }

    /// <summary>The four-field text that goes into the QR code.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Version}:{Discriminator}:{SetupCode}");

    public static QrPayload Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (!trimmed.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new OnboardingFormatException($"QR payload must start with \"{Prefix}\"");
        }

        string[] parts = trimmed.Split(':');
        if (parts.Length != 4 && parts.Length != 6)
        {
            throw new OnboardingFormatException($"QR payload must have 4 fields (MASH:<version>:<discriminator>:<setup code>), got {parts.Length}");
        }

        string v = parts[1];
        if (!SetupCode.AllDigits(v) || v.Length > 3 || (v.Length > 1 && v[0] == '0'))
        {
            throw new OnboardingFormatException($"QR payload version must be a decimal 1..255 without leading zeros, got \"{v}\"");
        }

        int version = int.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture);
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

    private static ushort ParseHexId(string text, string what)
    {
        if (text.Length < 3 || text.Length > 6 || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            || !ushort.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort id))
        {
            throw new OnboardingFormatException($"QR payload {what} ID must be hex like 0x1234, got \"{text}\"");
        }

        return id;
    }
}
