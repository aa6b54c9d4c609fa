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

        DateTimeOffset before = DateTimeOffset.UtcNow;
        DateTimeOffset now = clock.UtcNow;
        DateTimeOffset after = DateTimeOffset.UtcNow;

        Assert.InRange(now, before, after);
        Assert.Equal(TimeSpan.Zero, now.Offset);
    }
}
