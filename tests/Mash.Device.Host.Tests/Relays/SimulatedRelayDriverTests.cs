using System;
using System.IO;
using Mash.Device.Boards;
using Mash.Device.Diagnostics;
using Mash.Device.Host.Boards;
using Mash.Device.Host.Relays;
using Mash.Device.Relays;

namespace Mash.Device.Host.Tests.Relays;

public sealed class SimulatedRelayDriverTests : IDisposable
{
    private readonly BoardDefinition _board = BoardFile.LoadEmbedded("host-sim");
    private readonly CollectingLogSink _log = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("mash-relays-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_new_simulated_driver_has_every_relay_off()
    {
        var driver = new SimulatedRelayDriver(_board, _log);

        Assert.Equal(3, driver.Count);
        Assert.Equal([false, false, false], driver.Snapshot());
        Assert.Null(driver.StateFilePath);
    }

    [Fact]
    public void The_state_file_starts_all_off_and_follows_every_change()
    {
        var driver = new SimulatedRelayDriver(_board, _log, _dir);
        string path = Path.Combine(_dir, SimulatedRelayDriver.StateFileName);
        Assert.Equal(path, driver.StateFilePath);
        Assert.Equal("0 0 0\n", File.ReadAllText(path));

        driver.Set(0, true);
        driver.Set(2, true);

        Assert.Equal("1 0 1\n", File.ReadAllText(path));
        Assert.Equal([true, false, true], driver.Snapshot());
    }

    [Fact]
    public void The_state_directory_is_created_when_missing()
    {
        string nested = Path.Combine(_dir, "run", "device");

        _ = new SimulatedRelayDriver(_board, _log, nested);

        Assert.True(File.Exists(Path.Combine(nested, "relays.state")));
    }

    [Fact]
    public void A_snapshot_is_a_copy_that_does_not_switch_relays()
    {
        var driver = new SimulatedRelayDriver(_board, _log);

        bool[] snapshot = driver.Snapshot();
        snapshot[1] = true;

        Assert.False(driver.Snapshot()[1]);
    }

    [Fact]
    public void Each_simulated_switch_is_logged_at_debug_with_pin_and_level()
    {
        BoardDefinition activeLow = BoardFile.LoadEmbedded("rpi-relay");
        var driver = new SimulatedRelayDriver(activeLow, _log);

        driver.Set(0, true);

        var line = Assert.Single(_log.Lines);
        Assert.Equal(LogLevel.Debug, line.Level);
        Assert.Equal("relay 1 pin 26 -> low (on); states 1 0 0", line.Message);
    }

    [Fact]
    public void A_relay_index_outside_the_board_is_refused()
    {
        var driver = new SimulatedRelayDriver(_board, _log);

        Assert.Throws<ArgumentOutOfRangeException>(() => driver.Set(3, true));
    }

    [Fact]
    public void A_relay_bank_on_the_simulator_switches_logs_and_ends_all_off()
    {
        var driver = new SimulatedRelayDriver(_board, _log, _dir);
        var bank = new RelayBank(_board, driver, _log);

        bank.Apply(PowerOnPlanner.Plan(_board, PowerOnState.On, null, 4500), "power-on, failsafe cap 4500 W");

        Assert.Equal("1 0 1\n", File.ReadAllText(driver.StateFilePath!));
        Assert.Equal(4000, bank.ActiveWatts);
        Assert.Contains(_log.Lines, l => l.Level == LogLevel.Info && l.Message == "relay 3 'stage-3' ON (3000 W): power-on, failsafe cap 4500 W");

        bank.AllOff("shutdown");

        Assert.Equal("0 0 0\n", File.ReadAllText(driver.StateFilePath!));
    }
}
