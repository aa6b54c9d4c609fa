using System;
using System.Linq;
using Mash.Controller.Transport;

namespace Mash.Controller.Tests.Transport;

public sealed class ReconnectPolicyTests
{
    private static readonly double[] Expected = [1, 2, 4, 8, 16, 32, 60, 60];

    [Fact]
    public void Delays_double_from_1_second_and_stay_at_60_seconds()
    {
        var policy = new ReconnectPolicy();

        double[] delays = Enumerable.Range(0, Expected.Length).Select(_ => policy.NextDelay().TotalSeconds).ToArray();

        Assert.Equal(Expected, delays);
        Assert.Equal(8, policy.Attempts);
    }

    [Fact]
    public void Reset_starts_again_at_1_second()
    {
        var policy = new ReconnectPolicy();
        for (int i = 0; i < 5; i++)
        {
            policy.NextDelay();
        }

        policy.Reset();

        Assert.Equal(TimeSpan.FromSeconds(1), policy.NextDelay());
        Assert.Equal(TimeSpan.FromSeconds(2), policy.NextDelay());
        Assert.Equal(2, policy.Attempts);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 1.125)]
    [InlineData(0.999999, 1.24999975)]
    public void Jitter_adds_a_share_of_up_to_25_percent_of_the_base_delay(double unit, double factor)
    {
        var policy = new ReconnectPolicy(jitter: true, unitRandom: () => unit);

        double[] delays = Enumerable.Range(0, Expected.Length).Select(_ => policy.NextDelay().TotalSeconds).ToArray();

        for (int i = 0; i < Expected.Length; i++)
        {
            Assert.Equal(Expected[i] * factor, delays[i], 6);
        }
    }

    [Fact]
    public void Jitter_from_the_default_random_source_stays_within_base_and_base_plus_25_percent()
    {
        var policy = new ReconnectPolicy(jitter: true);

        for (int round = 0; round < 50; round++)
        {
            policy.Reset();
            foreach (double baseSeconds in Expected)
            {
                double delay = policy.NextDelay().TotalSeconds;
                Assert.InRange(delay, baseSeconds, baseSeconds * 1.25);
            }
        }
    }

    [Fact]
    public void A_random_source_out_of_range_cannot_push_the_delay_beyond_the_bounds()
    {
        var high = new ReconnectPolicy(jitter: true, unitRandom: () => 7.0);
        var low = new ReconnectPolicy(jitter: true, unitRandom: () => -3.0);

        Assert.Equal(TimeSpan.FromSeconds(1.25), high.NextDelay());
        Assert.Equal(TimeSpan.FromSeconds(1), low.NextDelay());
    }
}
