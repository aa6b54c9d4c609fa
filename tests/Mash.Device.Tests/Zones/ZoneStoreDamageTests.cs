using Mash.Device.Storage;
using Mash.Device.Zones;

namespace Mash.Device.Tests.Zones;

/// <summary>Damaged zone records are left out, but they are counted: they prove the device was commissioned.</summary>
public class ZoneStoreDamageTests
{
    private readonly InMemoryFlashStore _flash = new();
    private readonly CollectingLogSink _log = new();

    [Fact]
    public void A_device_without_zone_records_was_never_commissioned()
    {
        var zones = TestZoneStores.Create(_flash, _log, new Mash.Device.Runtime.VirtualClock());
        zones.Load();

        Assert.True(zones.NeverCommissioned);
        Assert.Equal(0, zones.DamagedRecords);
    }

    [Fact]
    public void A_device_whose_only_zone_record_is_damaged_is_not_a_new_device()
    {
        _flash.Write("zone.0011223344556677", [0xff, 0x00]);
        var zones = TestZoneStores.Create(_flash, _log, new Mash.Device.Runtime.VirtualClock());

        Assert.Equal(1, zones.Load());

        Assert.Equal(0, zones.Count);
        Assert.Equal(1, zones.DamagedRecords);
        Assert.False(zones.NeverCommissioned);
    }
}
