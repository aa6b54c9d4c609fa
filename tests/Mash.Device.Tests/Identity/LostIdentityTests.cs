using System;
using Mash.Device.Diagnostics;
using Mash.Device.Identity;
using Mash.Device.Platform;
using Mash.Device.Storage;
using Mash.Protocol.DotNet;
using Mash.Protocol.DotNet.Crypto;

namespace Mash.Device.Tests.Identity;

/// <summary>
/// A new identity is made only for a device that never ran: a folder that holds zones or other
/// device records but no identity lost it, and the boot stops instead of becoming a new device.
/// </summary>
public class LostIdentityTests
{
    private static readonly DateTime Now = new(2026, 12, 5, 10, 0, 0, DateTimeKind.Utc);
    private readonly InMemoryFlashStore _flash = new();
    private readonly Logger _log = new(NullLogSink.Instance, "test");

    [Theory]
    [InlineData("zone.0011223344556677")]
    [InlineData("pase.verifier")]
    [InlineData("failsafe")]
    [InlineData("load")]
    public void A_missing_identity_next_to_device_records_stops_the_boot_and_points_to_factory_reset(string leftover)
    {
        _flash.Write(leftover, [1, 2, 3]);

        var ex = Assert.Throws<IdentityUnavailableException>(
            () => IdentityStore.LoadOrCreate(_flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, Now, IdentityOverrides.None, _log));

        Assert.Contains("missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains(leftover, ex.Message, StringComparison.Ordinal);
        Assert.Contains("--factory-reset", ex.Message, StringComparison.Ordinal);
        Assert.Equal(FlashReadStatus.Missing, _flash.Read(IdentityRecord.Key).Status);
        Assert.True(_flash.Read(leftover).IsOk);
    }

    [Fact]
    public void A_first_boot_cut_after_the_boot_counter_still_creates_the_identity()
    {
        // The boot counter is written before the identity on the very first boot.
        BootRecord.Begin(_flash, out _);

        using DeviceIdentity identity = IdentityStore.LoadOrCreate(_flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, Now, IdentityOverrides.None, _log);

        Assert.True(_flash.Read(IdentityRecord.Key).IsOk);
    }

    [Fact]
    public void An_interrupted_provisioning_may_leave_the_verifier_alone_but_not_zones()
    {
        // Provisioning stores the verifier, then the identity: a cut between them is re-run.
        _flash.Write("pase.verifier", [1, 2, 3]);
        IdentityStore.ThrowIfIdentityLost(_flash, "pase.verifier");

        _flash.Write("zone.0011223344556677", [1, 2, 3]);
        var ex = Assert.Throws<IdentityUnavailableException>(() => IdentityStore.ThrowIfIdentityLost(_flash, "pase.verifier"));
        Assert.Contains("zone.0011223344556677", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_factory_reset_recovers_a_folder_whose_identity_was_lost()
    {
        _flash.Write("zone.0011223344556677", [1, 2, 3]);

        using DeviceIdentity reset = FactoryReset.Run(_flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, Now);
        using DeviceIdentity loaded = IdentityStore.LoadOrCreate(_flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, Now, IdentityOverrides.None, _log);

        Assert.Equal(reset.DeviceId, loaded.DeviceId);
        Assert.Equal(FlashReadStatus.Missing, _flash.Read("zone.0011223344556677").Status);
    }
}
