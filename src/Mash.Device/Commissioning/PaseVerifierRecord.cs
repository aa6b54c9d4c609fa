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
    public static Spake2PlusVerifier LoadOrDerive(IFlashStore flash, SetupCode labelCode, ICryptoPal crypto, ISpake2pGroup group)
    {
        ArgumentNullException.ThrowIfNull(flash, nameof(flash));
        Spake2PlusVerifier? stored = TryLoad(flash, group);
        if (stored is not null && Bytes.AreEqual(stored.Encode(), Spake2PlusVerifier.Derive(crypto, group, labelCode).Encode()))
        {
            return stored;
        }

        Spake2PlusVerifier verifier = Spake2PlusVerifier.Derive(crypto, group, labelCode);
        flash.Write(Key, verifier.Encode());
        return verifier;
    }

    /// <summary>
    /// Loads the stored verifier of a device that knows no setup code (provisioned: only the label
    /// has it); a missing or damaged one cannot be derived again.
    /// </summary>
    public static Spake2PlusVerifier Load(IFlashStore flash, ISpake2pGroup group)
    {
        ArgumentNullException.ThrowIfNull(flash, nameof(flash));
        Spake2PlusVerifier? stored = TryLoad(flash, group);
        if (stored is null)
        {
            throw new InvalidOperationException("no usable SPAKE2+ verifier is stored and no setup code is known to derive one");
        }

        return stored;
    }

    public static void Store(IFlashStore flash, Spake2PlusVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(flash, nameof(flash));
        ArgumentNullException.ThrowIfNull(verifier, nameof(verifier));
        flash.Write(Key, verifier.Encode());
    }

    private static Spake2PlusVerifier? TryLoad(IFlashStore flash, ISpake2pGroup group)
    {
        FlashRead read = flash.Read(Key);
        if (!read.IsOk)
        {
            return null;
        }

        try
        {
            return Spake2PlusVerifier.Decode(group, read.Value!);
        }
        catch (PaseException)
        {
            return null; // damaged: derived again when the label code is known
        }
    }
}
