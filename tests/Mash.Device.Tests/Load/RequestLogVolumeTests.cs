using System;
using System.Linq;
using Mash.Device.Diagnostics;
using Mash.Device.Model;
using Mash.Device.Tests.Interaction;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;
using static Mash.Device.Tests.Load.LoadRig;

namespace Mash.Device.Tests.Load;

/// <summary>
/// A controller may send thousands of requests a second; the device logs to a serial console or
/// flash. Per-request lines are debug, so the info log of a request flood stays a handful of
/// lines: relays switching, zones, failsafe (docs/hardening.md, "Request logging").
/// </summary>
public class RequestLogVolumeTests
{
    private readonly LoadRig _load = new(storedZones: [Home]);
    private readonly InteractionRig _device;
    private readonly Peer _home;

    public RequestLogVolumeTests()
    {
        _device = new InteractionRig(load: _load.Load);
        _load.Connect(Home);
        _load.RunSeconds(10);
        _home = _device.Connect(Home, ZoneType.HomeManager);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(2000)]
    public void Setting_limits_over_and_over_writes_a_bounded_number_of_info_lines(int invokes)
    {
        int before = InfoLines();
        for (int i = 0; i < invokes; i++)
        {
            // Alternating limits: every invoke changes the effective limit and flips relay 3's plan.
            Response response = _home.Invoke(1, FeatureIds.EnergyControl, EnergyControlFeature.SetLimitCommand, SetLimit(i % 2 == 0 ? 2_500_000 : 5_500_000));
            Assert.Equal(StatusCode.Success, response.Status);
            _home.Invoke(1, FeatureIds.EnergyControl, EnergyControlFeature.ClearLimitCommand, CborValue.Null);
        }

        int written = InfoLines() - before;

        // The relays switch off once and are held by their protection interval: a few lines, not 2 x invokes x 3.
        Assert.True(written <= 6, $"{written} info lines for {invokes * 2} invokes:\n" + string.Join("\n", AllInfo()));
    }

    [Fact]
    public void Relay_switching_and_its_reason_stay_at_info()
    {
        _home.Invoke(1, FeatureIds.EnergyControl, EnergyControlFeature.SetLimitCommand, SetLimit(2_500_000));

        Assert.Contains(AllInfo(), l => l.Contains("OFF", StringComparison.Ordinal) && l.Contains("limit 2500 W from zone " + Home, StringComparison.Ordinal));
    }

    private static CborValue SetLimit(long milliwatts) => CborValue.FromMap(new CborMap()
        .Set("consumptionLimit", CborValue.FromInt64(milliwatts))
        .Set("cause", CborValue.FromInt64(0)));

    private int InfoLines() => AllInfo().Length;

    private string[] AllInfo() => _load.Log.Lines.Concat(_device.Log.Lines)
        .Where(l => l.Level >= LogLevel.Info)
        .Select(l => l.Component + ": " + l.Message)
        .ToArray();
}
