using System;
using Mash.Protocol.Onboarding;

namespace Mash.Device.Identity;

/// <summary>Onboarding values fixed from outside (command line), replacing generated ones.</summary>
public sealed partial class IdentityOverrides
{
    public static readonly IdentityOverrides None = new(false, null, false, null);

    public IdentityOverrides(bool hasDiscriminator, Discriminator? discriminator, bool hasSetupCode, SetupCode? setupCode)
    {
        HasDiscriminator = hasDiscriminator;
        _discriminator = discriminator;
        HasSetupCode = hasSetupCode;
        _setupCode = setupCode;
    }

    /// <summary>Both values fixed.</summary>
    public IdentityOverrides(Discriminator discriminator, SetupCode setupCode)
        : this(true, discriminator, true, setupCode)
    {
    }

    public bool HasDiscriminator { get; }

    public Discriminator Discriminator => _discriminator ?? throw new InvalidOperationException("no discriminator was given");

    private readonly Discriminator? _discriminator;

    public bool HasSetupCode { get; }

    public SetupCode SetupCode => _setupCode ?? throw new InvalidOperationException("no setup code was given");

    private readonly SetupCode? _setupCode;
}
