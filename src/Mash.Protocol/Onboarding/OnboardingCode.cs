using System;

namespace Mash.Protocol.Onboarding;

/// <summary>What a controller needs to find and pair a device, from either a QR payload or a manual code.</summary>
public sealed class OnboardingCode
{
    public OnboardingCode(Discriminator discriminator, SetupCode setupCode)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(setupCode);
        Discriminator = discriminator;
        SetupCode = setupCode;
    }

    public Discriminator Discriminator { get; }

    public SetupCode SetupCode { get; }

    /// <summary>Accepts a QR payload (<c>MASH:...</c>) or a manual code.</summary>
    public static OnboardingCode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (QrPayload.HasPrefixIgnoringCase(text))
        {
            QrPayload qr = QrPayload.Parse(text);
            return new OnboardingCode(qr.Discriminator, qr.SetupCode);
        }

        return ManualCode.Parse(text);
    }

    public QrPayload ToQrPayload() => new(Discriminator, SetupCode);

    public string ToManualCode() => ManualCode.Format(Discriminator, SetupCode);

    /// <summary>Lets callers write <c>(Discriminator d, SetupCode s) = code;</c>.</summary>
    public void Deconstruct(out Discriminator discriminator, out SetupCode setupCode)
    {
        discriminator = Discriminator;
        setupCode = SetupCode;
    }

    public override bool Equals(object? obj) =>
        obj is OnboardingCode other && other.Discriminator.Equals(Discriminator) && other.SetupCode.Equals(SetupCode);

    public override int GetHashCode() => (Discriminator.Value * 397) ^ SetupCode.Value;

    public override string ToString() => $"OnboardingCode {{ Discriminator = {Discriminator}, SetupCode = {SetupCode} }}";
}
