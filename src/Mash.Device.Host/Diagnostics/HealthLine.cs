using System;
using System.Globalization;

namespace Mash.Device.Host.Diagnostics;

/// <summary>
/// The periodic "health:" log line (mash-load --health-interval): enough for an installer reading
/// a field log, or a soak run, to tell a device that is slowly leaking from one that is fine.
/// The live heap is what the last garbage collection kept (heap size minus fragmentation), the
/// figure that grows with a leak; resident memory alone mixes in the runtime's own reserves.
/// </summary>
public static class HealthLine
{
    public static string Describe(TimeSpan uptime, int connections, int connectionSlots, int zones, int maxZones)
    {
        GCMemoryInfo gc = GC.GetGCMemoryInfo();
        int collections = GC.CollectionCount(0);
        string heap = collections == 0
            ? "live heap not known yet (no GC so far)"
            : string.Create(CultureInfo.InvariantCulture, $"live heap {(gc.HeapSizeBytes - gc.FragmentedBytes) / 1024} KiB after GC #{collections} (gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)})");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"uptime {(long)uptime.TotalHours}h{uptime.Minutes:D2}m{uptime.Seconds:D2}s, {heap}, allocated {GC.GetTotalAllocatedBytes() / 1024} KiB in all, connections {connections} of {connectionSlots}, zones {zones} of {maxZones}");
    }
}
