using System;
using Mash.Device.Runtime;

namespace Mash.Device.Tests.Runtime;

public class VirtualClockTests
{
    [Fact]
    public void Monotonic_time_starts_at_zero_and_the_wall_clock_moves_with_it()
    {
        var start = new DateTimeOffset(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var clock = new VirtualClock(start);

        Assert.Equal(TimeSpan.Zero, clock.Monotonic);
        Assert.Equal(start, clock.UtcNow);

        clock.Advance(TimeSpan.FromHours(5));

        Assert.Equal(TimeSpan.FromHours(5), clock.Monotonic);
        Assert.Equal(start.AddHours(5), clock.UtcNow);
    }

    [Fact]
    public void Without_a_start_the_wall_clock_begins_at_a_fixed_date()
    {
        Assert.Equal(VirtualClock.DefaultUtcStart, new VirtualClock().UtcNow);
    }

    [Fact]
    public void Moving_backwards_is_refused()
    {
        var clock = new VirtualClock();
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
        Assert.Equal(TimeSpan.FromSeconds(1), clock.Monotonic);
    }
}
