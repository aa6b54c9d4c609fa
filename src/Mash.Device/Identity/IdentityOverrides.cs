using Mash.Protocol.Onboarding;

namespace Mash.Device.Identity;

/// <summary>Onboarding values fixed from outside (command line), replacing generated ones.</summary>
public sealed record IdentityOverrides(Discriminator? Discriminator = null, SetupCode? SetupCode = null)
{
    public static readonly IdentityOverrides None = new();
}
