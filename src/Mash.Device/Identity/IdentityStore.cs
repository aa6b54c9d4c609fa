using System;
using Mash.Device.Diagnostics;
using Mash.Device.Platform;
using Mash.Device.Storage;
using Mash.Protocol.Onboarding;

namespace Mash.Device.Identity;

/// <summary>
/// Loads the device identity from flash, creating it on first boot. A damaged identity record is
/// never replaced silently: that would change the device ID under every paired controller, so the
/// device refuses to start and says how to recover (factory reset).
/// </summary>
public static class IdentityStore
{
    public static DeviceIdentity LoadOrCreate(IFlashStore flash, IRandomSource random, DateTimeOffset now, IdentityOverrides overrides, Logger log)
    {
        ArgumentNullException.ThrowIfNull(flash);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(log);

        FlashRead read = flash.Read(IdentityRecord.Key);
        DeviceIdentity identity;
        switch (read.Status)
        {
            case FlashReadStatus.Missing:
                identity = DeviceIdentity.Create(
                    overrides.Discriminator ?? Discriminator.FromRandom((ushort)random.NextUInt32()),
                    overrides.SetupCode ?? SetupCode.Generate(random.NextUInt32),
                    now);
                flash.Write(IdentityRecord.Key, IdentityRecord.Encode(identity));
                log.Info($"created device identity {identity.DeviceId} (first boot)");
                return identity;
            case FlashReadStatus.Corrupt:
                throw new IdentityUnavailableException($"the stored device identity is damaged ({read.Problem}); start once with --factory-reset to create a new one");
            default:
                try
                {
                    identity = IdentityRecord.Decode(read.Value!);
                }
                catch (FormatException ex)
                {
                    throw new IdentityUnavailableException($"{ex.Message}; start once with --factory-reset to create a new one", ex);
                }

                break;
        }

        bool changed = (overrides.Discriminator is { } d && d != identity.Discriminator)
            || (overrides.SetupCode is { } s && s != identity.SetupCode);
        if (!changed)
        {
            return identity;
        }

        // Fixed onboarding values from the command line (labs, tests) replace the label values
        // but keep the key, so the device ID does not change.
        var updated = new DeviceIdentity(
            identity.Certificate,
            overrides.Discriminator ?? identity.Discriminator,
            overrides.SetupCode ?? identity.SetupCode,
            identity.CreatedAt);
        flash.Write(IdentityRecord.Key, IdentityRecord.Encode(updated));
        log.Info("onboarding values replaced from the command line");
        return updated;
    }

    /// <summary>
    /// A new identity key (so a new device ID) with the same label values: a factory reset must
    /// not make the printed QR code useless, but must unlink the device from its old controllers.
    /// </summary>
    public static DeviceIdentity Regenerate(IFlashStore flash, DeviceIdentity? previous, IRandomSource random, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(flash);
        ArgumentNullException.ThrowIfNull(random);
        DeviceIdentity identity = DeviceIdentity.Create(
            previous?.Discriminator ?? Discriminator.FromRandom((ushort)random.NextUInt32()),
            previous is null ? SetupCode.Generate(random.NextUInt32) : previous.SetupCode,
            now);
        flash.Write(IdentityRecord.Key, IdentityRecord.Encode(identity));
        return identity;
    }
}
