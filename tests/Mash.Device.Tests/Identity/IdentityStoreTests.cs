using System;
using System.Security.Cryptography.X509Certificates;
using Mash.Device.Diagnostics;
using Mash.Device.Identity;
using Mash.Device.Platform;
using Mash.Device.Storage;
using Mash.Protocol.DotNet;
using Mash.Protocol.DotNet.Crypto;
using Mash.Protocol.Onboarding;

namespace Mash.Device.Tests.Identity;

public class IdentityStoreTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);
    private readonly InMemoryFlashStore _flash = new();
    private readonly Logger _log = new(NullLogSink.Instance, "test");

    [Fact]
    public void First_boot_creates_a_persisted_identity_that_the_next_boot_loads_unchanged()
    {
        using DeviceIdentity first = IdentityStore.LoadOrCreate(_flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, Now, IdentityOverrides.None, _log);
        using DeviceIdentity second = IdentityStore.LoadOrCreate(_flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, Now.AddDays(1), IdentityOverrides.None, _log);

        Assert.Equal(first.DeviceId, second.DeviceId);
        Assert.Equal(first.Discriminator, second.Discriminator);
        Assert.Equal(first.SetupCode, second.SetupCode);
        Assert.True(first.HasSetupCode);
        Assert.False(first.SetupCode.IsTrivial);
        using X509Certificate2 certificate = second.ToX509Certificate();
        Assert.True(certificate.HasPrivateKey);
        Assert.Matches("^[0-9a-f]{16}$", first.DeviceId);
    }

    [Fact]
    public void The_device_id_is_derived_from_the_certificate_key()
    {
        using DeviceIdentity identity = IdentityStore.LoadOrCreate(_flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, Now, IdentityOverrides.None, _log);
        using X509Certificate2 certificate = identity.ToX509Certificate();
        string expected = Mash.Protocol.Identity.MashIds.DeviceIdFromSpki(certificate.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(expected, identity.DeviceId);
        Assert.Equal("1.2.840.10045.2.1", certificate.PublicKey.Oid.Value);
        Assert.Equal(256, certificate.GetECDsaPublicKey()!.KeySize);
    }

    [Fact]
    public void Command_line_onboarding_values_replace_the_label_values_but_keep_the_device_id()
    {
        using DeviceIdentity first = IdentityStore.LoadOrCreate(_flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, Now, IdentityOverrides.None, _log);
        var overrides = new IdentityOverrides(new Discriminator(77), new SetupCode(20252026));
        using DeviceIdentity second = IdentityStore.LoadOrCreate(_flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, Now, overrides, _log);
        using DeviceIdentity third = IdentityStore.LoadOrCreate(_flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, Now, IdentityOverrides.None, _log);

        Assert.Equal(first.DeviceId, second.DeviceId);
        Assert.Equal(77, third.Discriminator.Value);
        Assert.Equal("MASH:1:77:20252026", third.QrPayload!.ToString());
    }

    [Fact]
    public void A_damaged_identity_record_stops_the_boot_with_advice_instead_of_being_replaced()
    {
        using (IdentityStore.LoadOrCreate(_flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, Now, IdentityOverrides.None, _log))
        {
        }

        _flash.InjectCorruption(IdentityRecord.Key, "checksum mismatch");
        var ex = Assert.Throws<IdentityUnavailableException>(() =>
            IdentityStore.LoadOrCreate(_flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, Now, IdentityOverrides.None, _log));
        Assert.Contains("--factory-reset", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_with_valid_checksum_but_bad_content_is_reported_too()
    {
        _flash.Write(IdentityRecord.Key, new byte[] { 0xa1, 0x01, 0x02 });
        Assert.Throws<IdentityUnavailableException>(() =>
            IdentityStore.LoadOrCreate(_flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, Now, IdentityOverrides.None, _log));
    }

    [Fact]
    public void Factory_reset_erases_records_and_changes_the_device_id_but_keeps_the_label()
    {
        using DeviceIdentity before = IdentityStore.LoadOrCreate(_flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, Now, IdentityOverrides.None, _log);
        _flash.Write("zone.1", new byte[] { 1, 2, 3 });
        _flash.Write("relays", new byte[] { 1 });

        using DeviceIdentity after = FactoryReset.Run(_flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, Now);

        Assert.NotEqual(before.DeviceId, after.DeviceId);
        Assert.Equal(before.Discriminator, after.Discriminator);
        Assert.Equal(before.SetupCode, after.SetupCode);
        Assert.Equal(FlashReadStatus.Missing, _flash.Read("zone.1").Status);
        Assert.Equal(FlashReadStatus.Missing, _flash.Read("relays").Status);
        using DeviceIdentity reloaded = IdentityStore.LoadOrCreate(_flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, Now, IdentityOverrides.None, _log);
        Assert.Equal(after.DeviceId, reloaded.DeviceId);
    }

    [Fact]
    public void Factory_reset_recovers_a_damaged_identity()
    {
        _flash.Write(IdentityRecord.Key, new byte[] { 0xff });
        using DeviceIdentity after = FactoryReset.Run(_flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, Now);
        using DeviceIdentity reloaded = IdentityStore.LoadOrCreate(_flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, Now, IdentityOverrides.None, _log);
        Assert.Equal(after.DeviceId, reloaded.DeviceId);
    }
}
