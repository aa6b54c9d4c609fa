using System;
using System.Device.Gpio;
using Mash.Device.Boards;
using Mash.Device.Host.Boards;
using Mash.Device.Host.Relays;

namespace Mash.Device.Host.Tests.Relays;

/// <summary>Runs the GPIO driver against a fake System.Device.Gpio driver; no hardware needed.</summary>
public sealed class GpioRelayDriverTests : IDisposable
{
    private readonly BoardDefinition _rpi = BoardFile.LoadEmbedded("rpi-relay");
    private readonly FakeGpioDriver _gpio = new();
    private readonly CollectingLogSink _log = new();

    public void Dispose() => _gpio.Dispose();

    [Fact]
    public void Active_low_relays_open_as_outputs_already_at_the_high_off_level()
    {
        using var driver = new GpioRelayDriver(_rpi, new GpioController(_gpio), _log);

        Assert.Equal([26, 20, 21], _gpio.Opened);
        foreach (int pin in _gpio.Opened)
        {
            Assert.Equal(PinMode.Output, _gpio.Modes[pin]);
            Assert.Equal(PinValue.High, _gpio.Levels[pin]);
        }
    }

    [Fact]
    public void Switching_an_active_low_relay_on_pulls_its_pin_low()
    {
        using var driver = new GpioRelayDriver(_rpi, new GpioController(_gpio), _log);

        driver.Set(1, true);

        Assert.Equal(PinValue.Low, _gpio.Levels[20]);
        Assert.Equal(PinValue.High, _gpio.Levels[26]);
    }

    [Fact]
    public void Switching_an_active_high_relay_on_drives_its_pin_high()
    {
        BoardDefinition sim = BoardFile.LoadEmbedded("host-sim");
        using var driver = new GpioRelayDriver(sim, new GpioController(_gpio), _log);
        Assert.Equal(PinValue.Low, _gpio.Levels[22]);

        driver.Set(2, true);

        Assert.Equal(PinValue.High, _gpio.Levels[22]);
    }

    [Fact]
    public void Dispose_drives_every_relay_off_and_releases_the_controller()
    {
        var driver = new GpioRelayDriver(_rpi, new GpioController(_gpio), _log);
        driver.Set(0, true);
        driver.Set(2, true);

        driver.Dispose();

        Assert.Equal(PinValue.High, _gpio.Levels[26]);
        Assert.Equal(PinValue.High, _gpio.Levels[21]);
        Assert.True(_gpio.Disposed);
        Assert.Throws<ObjectDisposedException>(() => driver.Set(0, true));
    }

    [Fact]
    public void A_pin_that_cannot_be_opened_names_the_relay_and_pin()
    {
        _gpio.FailingPin = 20;

        var ex = Assert.Throws<InvalidOperationException>(() => new GpioRelayDriver(_rpi, new GpioController(_gpio), _log));

        Assert.StartsWith("relay 2 'phase-l2': cannot open GPIO 20 as an output", ex.Message, StringComparison.Ordinal);
        Assert.True(_gpio.Disposed);
    }

    [Fact]
    public void Opening_libgpiod_for_a_board_that_is_not_gpiod_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => GpioRelayDriver.Open(BoardFile.LoadEmbedded("host-sim"), _log));

        Assert.Contains("uses gpio driver \"sim\", not \"gpiod\"", ex.Message, StringComparison.Ordinal);
    }
}
