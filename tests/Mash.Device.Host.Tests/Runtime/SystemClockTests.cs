using System;
using Mash.Device.Host.Runtime;

namespace Mash.Device.Host.Tests.Runtime;

public class SystemClockTests
{
    [Fact]
    public void Monotonic_time_starts_near_zero_and_never_goes_back()
    {
        var clock = new SystemClock();

        TimeSpan first = clock.Monotonic;
        TimeSpan second = clock.Monotonic;

        Assert.InRange(first, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.True(second >= first);
    }

    [Fact]
    public void Wall_time_is_the_operating_system_utc_time()
    {
        var clock = new SystemClock();

        DateTime before = DateTime.UtcNow;
        DateTime now = clock.UtcNow;
        DateTime after = DateTime.UtcNow;

        Assert.InRange(now, before, after);
        Assert.Equal(DateTimeKind.Utc, now.Kind);
        Assert.True(clock.IsSynchronised);
    }
}
