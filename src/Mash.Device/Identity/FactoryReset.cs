using System;
using Mash.Device.Platform;
using Mash.Device.Storage;
using Mash.Protocol.Crypto;
using Mash.Protocol.Portable;

namespace Mash.Device.Identity;

/// <summary>
/// Erases every record (zones, keys, limits, relay state) and gives the device a new identity key,
/// so old controllers no longer recognise it. The label values (discriminator, setup code) are
/// kept: they are printed on the device and must keep working after a reset.
/// </summary>
public static class FactoryReset
{
    public static DeviceIdentity Run(IFlashStore flash, IRandomSource random, ICryptoPal crypto, IX509 x509, DateTime now)
    {
        if (flash == null)
        {
            throw new ArgumentNullException(nameof(flash));
        }

        DeviceIdentity? previous = null;
        FlashRead read = flash.Read(IdentityRecord.Key);
        if (read.IsOk)
        {
            try
            {
                previous = IdentityRecord.Decode(read.Value!, crypto, x509);
            }
            catch (FormatException)
            {
                // A damaged identity is exactly what a reset is for: start from fresh values.
            }
        }

        var keys = new string[flash.Limits.MaxKeys];
        int count = Maths.Min(flash.CopyKeys(string.Empty, keys), keys.Length);
        for (int i = 0; i < count; i++)
        {
            if (keys[i] != IdentityRecord.Key)
            {
                flash.Delete(keys[i]);
            }
        }

        // The identity is replaced last and in one write: a power cut during the reset leaves
        // either the old identity (reset can be repeated) or the new one, never none.
        DeviceIdentity identity = IdentityStore.Regenerate(flash, previous, random, crypto, x509, now);
        previous?.Dispose();
        return identity;
    }
}
