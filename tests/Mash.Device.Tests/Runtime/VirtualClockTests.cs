using System;
using Mash.Device.Runtime;

namespace Mash.Device.Tests.Runtime;

public class VirtualClockTests
{
    [Fact]
    public void Monotonic_time_starts_at_zero_and_the_wall_clock_moves_with_it()
    {
        var start = new DateTime(2030, 6, 1, 12, 0, 0, DateTimeKind.Utc);
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

    [Fact]
    public void The_wall_clock_can_be_unsynchronised_and_set_later_without_moving_monotonic_time()
    {
        var clock = new VirtualClock(DateTime.UnixEpoch) { IsSynchronised = false };
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.False(clock.IsSynchronised);
        Assert.Equal(DateTime.UnixEpoch.AddMinutes(1), clock.UtcNow);

        var sntp = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        clock.SetUtcNow(sntp, synchronised: true);
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.True(clock.IsSynchronised);
        Assert.Equal(sntp.AddSeconds(5), clock.UtcNow);
        Assert.Equal(TimeSpan.FromSeconds(65), clock.Monotonic);
    }
}
