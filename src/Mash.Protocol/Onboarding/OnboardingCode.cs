using System;

namespace Mash.Protocol.Onboarding;

/// <summary>What a controller needs to find and pair a device, from either a QR payload or a manual code.</summary>
public sealed record OnboardingCode(Discriminator Discriminator, SetupCode SetupCode)
{
    /// <summary>Accepts a QR payload (<c>MASH:...</c>) or a manual code.</summary>
    public static OnboardingCode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.TrimStart().StartsWith(QrPayload.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            QrPayload qr = QrPayload.Parse(text);
            return new OnboardingCode(qr.Discriminator, qr.SetupCode);
        }

        (Discriminator d, SetupCode s) = ManualCode.Parse(text);
        return new OnboardingCode(d, s);
    }

    public QrPayload ToQrPayload() => new(Discriminator, SetupCode);

    public string ToManualCode() => ManualCode.Format(Discriminator, SetupCode);
}
