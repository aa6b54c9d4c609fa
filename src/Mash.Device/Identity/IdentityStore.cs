using System;
using Mash.Device.Diagnostics;
using Mash.Device.Platform;
using Mash.Device.Storage;
using Mash.Protocol.Crypto;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Portable;

namespace Mash.Device.Identity;

/// <summary>
/// Loads the device identity from flash, creating it on first boot. A damaged identity record is
/// never replaced silently: that would change the device ID under every paired controller, so the
/// device refuses to start and says how to recover (factory reset).
/// </summary>
public static class IdentityStore
{
    public static DeviceIdentity LoadOrCreate(IFlashStore flash, IRandomSource random, ICryptoPal crypto, IX509 x509, DateTime now, IdentityOverrides overrides, Logger log)
    {
        if (flash == null || random == null || crypto == null || x509 == null || overrides == null || log == null)
        {
            throw new ArgumentNullException(flash == null ? nameof(flash) : random == null ? nameof(random) : crypto == null ? nameof(crypto) : x509 == null ? nameof(x509) : overrides == null ? nameof(overrides) : nameof(log));
        }

        FlashRead read = flash.Read(IdentityRecord.Key);
        DeviceIdentity identity;
        switch (read.Status)
        {
            case FlashReadStatus.Missing:
                ThrowIfOrphanedRecords(flash);
                identity = DeviceIdentity.Create(
                    crypto,
                    x509,
                    overrides.HasDiscriminator ? overrides.Discriminator : Discriminator.FromRandom((ushort)random.NextUInt32()),
                    true,
                    overrides.HasSetupCode ? overrides.SetupCode : SetupCode.Generate(random.NextUInt32),
                    now);
                flash.Write(IdentityRecord.Key, IdentityRecord.Encode(identity));
                log.Info($"created device identity {identity.DeviceId} (first boot)");
                return identity;
            case FlashReadStatus.Corrupt:
                throw new IdentityUnavailableException($"the stored device identity is damaged ({read.Problem}); start once with --factory-reset to create a new one");
            default:
                try
                {
                    identity = IdentityRecord.Decode(read.Value!, crypto, x509);
                }
                catch (FormatException ex)
                {
                    throw new IdentityUnavailableException($"{ex.Message}; start once with --factory-reset to create a new one", ex);
                }

                break;
        }

        bool changed = (overrides.HasDiscriminator && overrides.Discriminator != identity.Discriminator)
            || (overrides.HasSetupCode && (!identity.HasSetupCode || overrides.SetupCode != identity.SetupCode));
        if (!changed)
        {
            return identity;
        }

        // Fixed onboarding values from the command line (labs, tests) replace the label values
        // but keep the key, so the device ID does not change.
        DeviceIdentity updated = identity.WithLabel(
            crypto,
            x509,
            overrides.HasDiscriminator ? overrides.Discriminator : identity.Discriminator,
            overrides.HasSetupCode || identity.HasSetupCode,
            overrides.HasSetupCode ? overrides.SetupCode : identity.SetupCode);
        flash.Write(IdentityRecord.Key, IdentityRecord.Encode(updated));
        log.Info("onboarding values replaced from the command line");
        return updated;
    }

    /// <summary>
    /// An identity is created only in an empty folder. Records of a device that already ran (its
    /// zones, verifier, failsafe or load state) without the identity mean the identity was lost:
    /// making a new one would silently change the device ID, discriminator and setup code, orphan
    /// the zones and void the printed label. The boot counter does not count: it is written before
    /// the identity on the very first boot.
    /// </summary>
    private static void ThrowIfOrphanedRecords(IFlashStore flash) => ThrowIfIdentityLost(flash, null);

    /// <summary>
    /// Throws <see cref="IdentityUnavailableException"/> when flash holds device records but no
    /// identity. <paramref name="alsoAllowed"/> names one more key that may exist without it
    /// (provisioning writes the verifier before the identity, so a re-run finds it).
    /// </summary>
    public static void ThrowIfIdentityLost(IFlashStore flash, string? alsoAllowed)
    {
        if (flash == null)
        {
            throw new ArgumentNullException(nameof(flash));
        }

        if (flash.Read(IdentityRecord.Key).Status != FlashReadStatus.Missing)
        {
            return;
        }

        var keys = new string[flash.Limits.MaxKeys];
        int count = Maths.Min(flash.CopyKeys(string.Empty, keys), keys.Length);
        string? found = null;
        int orphans = 0;
        for (int i = 0; i < count; i++)
        {
            if (keys[i] == BootRecord.Key || keys[i] == alsoAllowed)
            {
                continue;
            }

            orphans++;
            if (orphans <= 3)
            {
                found = found is null ? keys[i] : found + ", " + keys[i];
            }
        }

        if (orphans == 0)
        {
            return;
        }

        string more = orphans > 3 ? " and " + (orphans - 3).ToString() + " more" : string.Empty;
        throw new IdentityUnavailableException(
            "the stored device identity is missing but the data folder holds records of a device that already ran ("
            + found + more + "); start once with --factory-reset to create a new identity (its controllers must commission it again)");
    }

    /// <summary>
    /// A new identity key (so a new device ID) with the same label values: a factory reset must
    /// not make the printed QR code useless, but must unlink the device from its old controllers.
    /// </summary>
    public static DeviceIdentity Regenerate(IFlashStore flash, DeviceIdentity? previous, IRandomSource random, ICryptoPal crypto, IX509 x509, DateTime now)
    {
        if (flash == null || random == null || crypto == null || x509 == null)
        {
            throw new ArgumentNullException(flash == null ? nameof(flash) : random == null ? nameof(random) : crypto == null ? nameof(crypto) : nameof(x509));
        }

        DeviceIdentity identity = previous is null
            ? DeviceIdentity.Create(crypto, x509, Discriminator.FromRandom((ushort)random.NextUInt32()), true, SetupCode.Generate(random.NextUInt32), now)
            : DeviceIdentity.Create(crypto, x509, previous.Discriminator, previous.HasSetupCode, previous.SetupCode, now);
        flash.Write(IdentityRecord.Key, IdentityRecord.Encode(identity));
        return identity;
    }
}
