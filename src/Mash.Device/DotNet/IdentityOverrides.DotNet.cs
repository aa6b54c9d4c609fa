using Mash.Protocol.Onboarding;

namespace Mash.Device.Identity;

/// <summary>The host's command line gives optional values.</summary>
public sealed partial class IdentityOverrides
{
    public static IdentityOverrides From(Discriminator? discriminator, SetupCode? setupCode) =>
        new(discriminator is not null, discriminator, setupCode is not null, setupCode);
}
