using System;
using System.Device.Gpio;
using Mash.Device.Boards;
using Mash.Device.Diagnostics;
using Mash.Device.Input;
using Mash.Device.Relays;
using Mash.Device.Runtime;

namespace Mash.Device.Host.Input;

/// <summary>
/// The board's button through libgpiod: edge callbacks (on a GPIO thread) are posted to the
/// scheduler as presses and releases. Only for boards whose relays use the gpiod driver.
/// </summary>
public sealed class GpioButtonInput : IDisposable
{
    private readonly GpioController _controller;
    private readonly int _pin;
    private readonly PinChangeEventHandler _handler;

    private GpioButtonInput(GpioController controller, ButtonConfig button, Scheduler scheduler, ButtonMonitor monitor)
    {
        _controller = controller;
        _pin = button.Pin;
        PinValue pressedLevel = button.ActiveLow ? PinValue.Low : PinValue.High;
        _handler = (_, e) =>
        {
            bool pressed = e.ChangeType == (pressedLevel == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling);
            scheduler.Post(pressed ? monitor.Pressed : monitor.Released);
        };
        controller.OpenPin(_pin, button.ActiveLow ? PinMode.InputPullUp : PinMode.InputPullDown);
        controller.RegisterCallbackForPinValueChangedEvent(_pin, PinEventTypes.Rising | PinEventTypes.Falling, _handler);
    }

    /// <summary>Opens the button when the board has one on real GPIO; null otherwise.</summary>
    public static IDisposable? TryOpen(BoardDefinition board, IRelayDriver relays, Scheduler scheduler, ButtonMonitor monitor, ILogSink log)
    {
        ArgumentNullException.ThrowIfNull(board);
        if (board.Button is not { } button || relays is not Relays.GpioRelayDriver gpio)
        {
            return null;
        }

        try
        {
            return new GpioButtonInput(gpio.Controller, button, scheduler, monitor);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.IO.IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            new Logger(log, "button").Warn($"button on pin {button.Pin} unavailable: {ex.Message}");
            return null;
        }
    }

    public void Dispose()
    {
        _controller.UnregisterCallbackForPinValueChangedEvent(_pin, _handler);
        _controller.ClosePin(_pin);
    }
}
