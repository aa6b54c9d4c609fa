using System;
using Mash.Device.Host.Boards;
using Mash.Device.Host.Relays;

namespace Mash.Device.Host.Tests.Relays;

public class RelayDriverFactoryTests
{
    [Fact]
    public void A_sim_board_gets_the_simulated_driver()
    {
        Assert.IsType<SimulatedRelayDriver>(RelayDriverFactory.Create(BoardFile.LoadEmbedded("host-sim"), new CollectingLogSink()));
    }

    [Fact]
    public void A_board_for_the_native_port_is_refused_on_the_host_with_the_reason()
    {
        var ex = Assert.Throws<NotSupportedException>(
            () => RelayDriverFactory.Create(BoardFile.LoadEmbedded("esp32-devkitc"), new CollectingLogSink()));

        Assert.Contains("esp32-devkitc uses gpio driver \"native\"", ex.Message, StringComparison.Ordinal);
    }
}
