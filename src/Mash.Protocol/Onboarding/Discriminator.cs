using System;

namespace Mash.Protocol.Onboarding;

/// <summary>
/// The 12-bit discriminator (0..4095) that lets a controller pick the right device among several
/// commissionable ones on the network (mDNS instance MASH-&lt;D&gt;, TXT key D).
/// </summary>
/// <remarks>
/// An immutable class rather than a struct: "no discriminator" is then a plain null reference,
/// which nanoFramework supports, where a struct would need Nullable&lt;T&gt;.
/// </remarks>
public sealed class Discriminator
{
    public const int MaxValue = 4095;

    public Discriminator(int value)
    {
        if (value < 0 || value > MaxValue)
        {
            throw new OnboardingFormatException($"discriminator must be 0..{MaxValue}, got {value}");
        }

        Value = (ushort)value;
    }

    public ushort Value { get; }

    /// <summary>Parses a decimal discriminator without leading zeros (as the QR format requires).</summary>
    public static Discriminator Parse(string text, bool allowLeadingZeros = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!SetupCode.AllDigits(text) || text.Length > 4 || (!allowLeadingZeros && text.Length > 1 && text[0] == '0'))
        {
            throw new OnboardingFormatException($"discriminator must be a decimal number 0..{MaxValue} without leading zeros, got \"{text}\"");
        }

        return new Discriminator(SetupCode.ParseDigits(text, 0, text.Length));
    }

    /// <summary>A uniformly random discriminator from 16 random bits.</summary>
    public static Discriminator FromRandom(ushort random) => new(random & MaxValue);

    public override string ToString() => SetupCode.FormatDigits(Value, 1);

    public bool Equals(Discriminator? other) => other is not null && Value == other.Value;

    public override bool Equals(object? obj) => obj is Discriminator other && Equals(other);

    public override int GetHashCode() => Value;

    public static bool operator ==(Discriminator? left, Discriminator? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Discriminator? left, Discriminator? right) => !(left == right);
}
