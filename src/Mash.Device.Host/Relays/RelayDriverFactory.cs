using System;
using Mash.Device.Boards;
using Mash.Device.Diagnostics;
using Mash.Device.Relays;

namespace Mash.Device.Host.Relays;

/// <summary>Picks the relay driver a board's "gpio.driver" asks for on the host.</summary>
public static class RelayDriverFactory
{
    /// <param name="board">A validated board.</param>
    /// <param name="log">Log sink for the driver.</param>
    /// <param name="simStateDirectory">For the sim driver: where to keep relays.state (null = none).</param>
    /// <returns>The driver; dispose it when it is IDisposable (the GPIO driver is).</returns>
    public static IRelayDriver Create(BoardDefinition board, ILogSink log, string? simStateDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(board);
        return board.GpioDriver switch
        {
            GpioDriverKind.Sim => new SimulatedRelayDriver(board, log, simStateDirectory),
            GpioDriverKind.Gpiod => GpioRelayDriver.Open(board, log),
            _ => throw new NotSupportedException(
                "board " + board.Name + " uses gpio driver \"" + BoardNames.Of(board.GpioDriver)
                + "\", which only its own platform port provides; the host runs boards with gpio driver \"sim\" or \"gpiod\""),
        };
    }
}
