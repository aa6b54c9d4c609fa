using System;
using System.Collections.Generic;
using System.Device.Gpio;
using System.Threading;

namespace Mash.Device.Host.Tests.Relays;

/// <summary>A GPIO driver with no hardware behind it: remembers modes and levels per pin.</summary>
internal sealed class FakeGpioDriver : GpioDriver
{
    public Dictionary<int, PinValue> Levels { get; } = [];

    public Dictionary<int, PinMode> Modes { get; } = [];

    public List<int> Opened { get; } = [];

    public int? FailingPin { get; set; }

    public bool Disposed { get; private set; }

    protected override int PinCount => 64;

    protected override void OpenPin(int pinNumber)
    {
        if (pinNumber == FailingPin)
        {
            throw new InvalidOperationException("Device or resource busy");
        }

        Opened.Add(pinNumber);
    }

    protected override void ClosePin(int pinNumber) => Opened.Remove(pinNumber);

    protected override void SetPinMode(int pinNumber, PinMode mode) => Modes[pinNumber] = mode;

    protected override PinMode GetPinMode(int pinNumber) => Modes[pinNumber];

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber) => Levels.GetValueOrDefault(pinNumber, PinValue.Low);

    protected override void Write(int pinNumber, PinValue value) => Levels[pinNumber] = value;

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        throw new NotSupportedException();

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
