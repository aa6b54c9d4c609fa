using System;

namespace Mash.Protocol.Onboarding;

/// <summary>A setup code, discriminator, QR payload or manual code that does not follow the format.</summary>
public sealed class OnboardingFormatException : FormatException
{
    public OnboardingFormatException(string message)
        : base(message)
    {
    }

    public OnboardingFormatException()
    {
    }

    public OnboardingFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
