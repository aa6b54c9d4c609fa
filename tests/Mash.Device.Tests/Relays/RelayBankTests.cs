using System;
using Mash.Device.Boards;
using Mash.Device.Diagnostics;
using Mash.Device.Relays;
using Mash.Device.Tests.Boards;

namespace Mash.Device.Tests.Relays;

public class RelayBankTests
{
    private readonly CollectingLogSink _log = new();
    private readonly FakeRelayDriver _driver = new(3);
    private readonly RelayBank _bank;

    public RelayBankTests()
    {
        _bank = new RelayBank(TestBoards.WaterHeater(), _driver, _log);
    }

    [Fact]
    public void A_new_bank_has_every_relay_off_and_draws_nothing()
    {
        Assert.False(_bank.IsOn(0) || _bank.IsOn(1) || _bank.IsOn(2));
        Assert.Equal(0, _bank.ActiveWatts);
    }

    [Fact]
    public void Switching_a_stage_on_logs_relay_number_name_power_and_reason()
    {
        _bank.Apply([false, true, false], "limit 2500 W from zone GRID");

        var line = Assert.Single(_log.Lines);
        Assert.Equal(LogLevel.Info, line.Level);
        Assert.Equal("relays", line.Component);
        Assert.Equal("relay 2 'stage-2' ON (2000 W): limit 2500 W from zone GRID", line.Message);
    }

    [Fact]
    public void Apply_switches_only_the_relays_that_change()
    {
        _bank.Apply([true, false, true], "first");
        _driver.Calls.Clear();

        _bank.Apply([true, true, false], "second");

        Assert.Equal([(2, false), (1, true)], _driver.Calls);
        Assert.Equal([true, true, false], _driver.States);
        Assert.Contains(_log.Lines, l => l.Message == "relay 3 'stage-3' OFF (3000 W): second");
    }

    [Fact]
    public void Apply_switches_every_relay_off_before_any_goes_on_so_a_new_stage_set_never_draws_both()
    {
        _bank.Apply([false, true, false], "limit 2500 W");
        _driver.Calls.Clear();

        _bank.Apply([true, false, false], "limit 1500 W");

        Assert.Equal([(1, false), (0, true)], _driver.Calls);
    }

    [Fact]
    public void Active_watts_add_up_the_stages_that_are_on()
    {
        _bank.Apply([true, false, true], "test");

        Assert.Equal(4000, _bank.ActiveWatts);
        Assert.Equal([true, false, true], _bank.GetStates());
    }

    [Fact]
    public void Changed_fires_once_per_apply_that_switched_something()
    {
        int calls = 0;
        _bank.Changed = () => calls++;

        _bank.Apply([true, true, false], "a");
        _bank.Apply([true, true, false], "same again");

        Assert.Equal(1, calls);
    }

    [Fact]
    public void A_driver_failure_is_logged_as_an_error_and_the_other_relays_still_switch()
    {
        _driver.FailingIndex = 1;

        _bank.Apply([true, true, true], "full power");

        Assert.True(_bank.IsOn(0));
        Assert.False(_bank.IsOn(1));
        Assert.True(_bank.IsOn(2));
        Assert.Equal(4000, _bank.ActiveWatts);
        var error = Assert.Single(_log.Lines, l => l.Level == LogLevel.Error);
        Assert.Contains("relay 2 'stage-2' FAILED to switch ON", error.Message, StringComparison.Ordinal);
        Assert.Contains("line busy", error.Message, StringComparison.Ordinal);
        Assert.Contains("full power", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relay_that_failed_to_switch_off_still_counts_as_on()
    {
        _bank.Apply([false, false, true], "on");
        _driver.FailingIndex = 2;

        _bank.AllOff("shutdown");

        Assert.True(_bank.IsOn(2));
        Assert.Equal(3000, _bank.ActiveWatts);
    }

    [Fact]
    public void All_off_drives_every_relay_off_even_those_already_off()
    {
        _bank.Apply([false, true, false], "on");
        _driver.Calls.Clear();
        int changed = 0;
        _bank.Changed = () => changed++;

        _bank.AllOff("shutdown");

        Assert.Equal([(0, false), (1, false), (2, false)], _driver.Calls);
        Assert.Equal(0, _bank.ActiveWatts);
        Assert.Equal(1, changed);
        Assert.Contains(_log.Lines, l => l.Level == LogLevel.Info && l.Message == "relay 2 'stage-2' OFF (2000 W): shutdown");
    }

    [Fact]
    public void Apply_with_the_wrong_number_of_states_is_refused_before_switching_anything()
    {
        Assert.Throws<ArgumentException>(() => _bank.Apply([true, true], "short"));
        Assert.Empty(_driver.Calls);
    }

    [Fact]
    public void A_driver_with_a_different_relay_count_than_the_board_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new RelayBank(TestBoards.WaterHeater(), new FakeRelayDriver(2), _log));
    }

    [Fact]
    public void An_invalid_board_is_refused()
    {
        BoardDefinition board = TestBoards.WaterHeater(vendorId: -1);

        var ex = Assert.Throws<BoardValidationException>(() => new RelayBank(board, new FakeRelayDriver(3), _log));
        Assert.Equal("vendorId", ex.Field);
    }
}
