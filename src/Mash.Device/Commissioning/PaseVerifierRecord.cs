using System;
using Mash.Device.Storage;
using Mash.Protocol.Crypto;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;
using Mash.Protocol.Portable;

namespace Mash.Device.Commissioning;

/// <summary>
/// The SPAKE2+ verifier (w0, L) in flash: all the device needs to run PASE. It is derived once
/// from the setup code (or imported by provisioning); the code itself is kept only as the label.
/// </summary>
public static class PaseVerifierRecord
{
    public const string Key = "pase.verifier";

    /// <summary>Loads the verifier, deriving and storing it when missing or not matching the label's code.</summary>
    public static Spake2PlusVerifier LoadOrDerive(IFlashStore flash, SetupCode? labelCode, ICryptoPal crypto, ISpake2pGroup group)
    {
        ArgumentNullException.ThrowIfNull(flash, nameof(flash));
        FlashRead read = flash.Read(Key);
        if (read.IsOk)
        {
            try
            {
                Spake2PlusVerifier stored = Spake2PlusVerifier.Decode(group, read.Value!);
                if (labelCode is not { } code || Bytes.AreEqual(stored.Encode(), Spake2PlusVerifier.Derive(crypto, group, code).Encode()))
                {
                    return stored;
                }
            }
            catch (PaseException)
            {
                // damaged: derive again below if the label code is known
            }
        }

        if (labelCode is not { } setupCode)
        {
            throw new InvalidOperationException("no usable SPAKE2+ verifier is stored and no setup code is known to derive one");
        }

        Spake2PlusVerifier verifier = Spake2PlusVerifier.Derive(crypto, group, setupCode);
        flash.Write(Key, verifier.Encode());
        return verifier;
    }

    public static void Store(IFlashStore flash, Spake2PlusVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(flash, nameof(flash));
        ArgumentNullException.ThrowIfNull(verifier, nameof(verifier));
        flash.Write(Key, verifier.Encode());
    }
}
