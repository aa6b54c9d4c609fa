using System;
using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using Mash.Device.Boards;
using Mash.Device.Diagnostics;
using Mash.Device.Relays;

namespace Mash.Device.Host.Relays;

/// <summary>
/// Relays on Linux GPIO through System.Device.Gpio. Pins open as outputs already at their "off"
/// level (so a boot never pulses a load), active-low relays are inverted here, and Dispose drives
/// every relay off before releasing the lines.
/// </summary>
public sealed class GpioRelayDriver : IRelayDriver, IDisposable
{
    private readonly BoardDefinition _board;
    private readonly GpioController _controller;
    private readonly Logger _log;
    private bool _disposed;

    /// <summary>Takes ownership of <paramref name="controller"/> and opens the board's relay pins.</summary>
    public GpioRelayDriver(BoardDefinition board, GpioController controller, ILogSink log)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(log);
        _board = board;
        _controller = controller;
        _log = new Logger(log, "gpio");
        RelayStage? current = null;
        try
        {
            foreach (RelayStage relay in board.Relays)
            {
                current = relay;
                controller.OpenPin(relay.Pin, PinMode.Output, Level(relay, on: false));
            }
        }
        catch (Exception ex) when (current is not null)
        {
            controller.Dispose();
            throw new InvalidOperationException(
                "relay " + (current.Index + 1).ToString() + " '" + current.Name + "': cannot open GPIO " + current.Pin.ToString()
                + " as an output: " + ex.Message,
                ex);
        }

        _log.Info("opened " + board.Relays.Count.ToString() + " relay outputs of board " + board.Name + ", all off");
    }

    public int Count => _board.Relays.Count;

    /// <summary>The GPIO controller, shared with the button input on the same chip.</summary>
    public GpioController Controller => _controller;

    /// <summary>Opens the board's gpiochip through libgpiod. Only for boards with gpio driver "gpiod".</summary>
    public static GpioRelayDriver Open(BoardDefinition board, ILogSink log)
    {
        ArgumentNullException.ThrowIfNull(board);
        if (board.GpioDriver != GpioDriverKind.Gpiod)
        {
            throw new ArgumentException(
                "board " + board.Name + " uses gpio driver \"" + BoardNames.Of(board.GpioDriver) + "\", not \"gpiod\"",
                nameof(board));
        }

        GpioController controller;
        try
        {
            controller = new GpioController(new LibGpiodDriver(board.GpioChip));
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                "cannot open gpiochip" + board.GpioChip.ToString() + " through libgpiod (is libgpiod installed and /dev/gpiochip"
                + board.GpioChip.ToString() + " accessible to this user?): " + ex.Message,
                ex);
        }

        return new GpioRelayDriver(board, controller, log);
    }

    public void Set(int index, bool on)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)index >= (uint)_board.Relays.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        RelayStage relay = _board.Relays[index];
        PinValue level = Level(relay, on);
        _controller.Write(relay.Pin, level);
        _log.Debug("GPIO " + relay.Pin.ToString() + " -> " + (level == PinValue.High ? "high" : "low") + " (relay " + (index + 1).ToString() + (on ? " on)" : " off)"));
    }

    /// <summary>Drives every relay off (each attempted even if one fails), then releases the lines.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (RelayStage relay in _board.Relays)
        {
            try
            {
                _controller.Write(relay.Pin, Level(relay, on: false));
            }
            catch (Exception ex)
            {
                // Any failure: shutdown must try every relay; one failing line cannot stop the rest.
                _log.Error("relay " + (relay.Index + 1).ToString() + " '" + relay.Name + "': cannot drive GPIO " + relay.Pin.ToString() + " off at shutdown: " + ex.Message);
            }
        }

        _controller.Dispose();
    }

    private static PinValue Level(RelayStage relay, bool on) => relay.LevelFor(on) ? PinValue.High : PinValue.Low;
}
