using System;
using Mash.Device.Diagnostics;
using Mash.Device.Runtime;
using Mash.Device.Storage;
using Mash.Device.Zones;
using Mash.Protocol.DotNet;

namespace Mash.Device.Tests.Zones;

/// <summary>Zone stores on the host's certificate seam, checking certificates at a test clock.</summary>
internal static class TestZoneStores
{
    public static ZoneStore Create(IFlashStore flash, ILogSink log, IClock clock) =>
        new(flash, log, DotNetX509.Instance, new CertificateClock(clock, flash, log, DateTime.MinValue));

    /// <summary>A store whose (synchronised) clock stands at <paramref name="now"/>.</summary>
    public static ZoneStore Create(IFlashStore flash, ILogSink log, DateTimeOffset now) =>
        Create(flash, log, new VirtualClock(now.UtcDateTime));
}
