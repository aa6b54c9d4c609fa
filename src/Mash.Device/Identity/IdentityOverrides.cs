using Mash.Protocol.Onboarding;

namespace Mash.Device.Identity;

/// <summary>Onboarding values fixed from outside (command line), replacing generated ones.</summary>
public sealed partial class IdentityOverrides
{
    public static readonly IdentityOverrides None = new(false, default, false, default);

    public IdentityOverrides(bool hasDiscriminator, Discriminator discriminator, bool hasSetupCode, SetupCode setupCode)
    {
        HasDiscriminator = hasDiscriminator;
        Discriminator = discriminator;
        HasSetupCode = hasSetupCode;
        SetupCode = setupCode;
    }

    /// <summary>Both values fixed.</summary>
    public IdentityOverrides(Discriminator discriminator, SetupCode setupCode)
        : this(true, discriminator, true, setupCode)
    {
    }

    public bool HasDiscriminator { get; }

    public Discriminator Discriminator { get; }

    public bool HasSetupCode { get; }

    public SetupCode SetupCode { get; }
}
