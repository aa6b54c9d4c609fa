using System;
using Mash.Device.Commissioning;

namespace Mash.Device.Tests.Commissioning;

public class CommissioningPhaseNamesTests
{
    [Fact]
    public void Every_phase_has_its_own_name_as_the_host_prints_it()
    {
        foreach (CommissioningPhase phase in Enum.GetValues<CommissioningPhase>())
        {
            Assert.Equal(phase.ToString(), CommissioningPhaseNames.Of(phase));
        }
    }
}
