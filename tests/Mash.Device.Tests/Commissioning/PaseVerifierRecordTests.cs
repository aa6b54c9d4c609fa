using System;
using Mash.Device.Commissioning;
using Mash.Device.Storage;
using Mash.Protocol.DotNet.Crypto;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;

namespace Mash.Device.Tests.Commissioning;

/// <summary>The stored SPAKE2+ verifier, reached through the crypto seams the host passes.</summary>
public class PaseVerifierRecordTests
{
    private static readonly SetupCode Code = SetupCode.Parse("31415926");
    private readonly InMemoryFlashStore _flash = new();

    private static Spake2PlusVerifier Derive(SetupCode code) =>
        Spake2PlusVerifier.Derive(SystemCryptoPal.Instance, OpenSslP256Group.Instance, code);

    [Fact]
    public void A_missing_verifier_is_derived_from_the_label_code_and_stored()
    {
        Spake2PlusVerifier loaded = PaseVerifierRecord.LoadOrDerive(_flash, Code, SystemCryptoPal.Instance, OpenSslP256Group.Instance);

        Assert.Equal(Derive(Code).Encode(), loaded.Encode());
        Assert.Equal(Derive(Code).Encode(), PaseVerifierRecord.Load(_flash, OpenSslP256Group.Instance).Encode());
    }

    [Fact]
    public void A_verifier_of_another_code_is_replaced_by_the_label_code()
    {
        PaseVerifierRecord.Store(_flash, Derive(SetupCode.Parse("27182818")));

        Spake2PlusVerifier loaded = PaseVerifierRecord.LoadOrDerive(_flash, Code, SystemCryptoPal.Instance, OpenSslP256Group.Instance);

        Assert.Equal(Derive(Code).Encode(), loaded.Encode());
    }

    [Fact]
    public void A_provisioned_device_loads_its_stored_verifier_and_cannot_derive_a_lost_one()
    {
        Assert.Throws<InvalidOperationException>(() => PaseVerifierRecord.Load(_flash, OpenSslP256Group.Instance));

        PaseVerifierRecord.Store(_flash, Derive(Code));
        Assert.Equal(Derive(Code).Encode(), PaseVerifierRecord.Load(_flash, OpenSslP256Group.Instance).Encode());

        byte[] damaged = Derive(Code).Encode();
        damaged[^1] ^= 0x01;
        _flash.Write(PaseVerifierRecord.Key, damaged);
        Assert.Throws<InvalidOperationException>(() => PaseVerifierRecord.Load(_flash, OpenSslP256Group.Instance));
    }
}
