using System;
using Mash.Device.Boards;
using Mash.Device.Diagnostics;

namespace Mash.Device.Relays;

/// <summary>
/// The logical state of a board's relays, switched through an <see cref="IRelayDriver"/>.
/// Every change is logged with its reason so an installer can read from the log why the load
/// switched. A driver failure is logged and the relay keeps its previous logical state (the
/// conservative guess: a failed "on" most likely left it off, a failed "off" may have left it on),
/// and the remaining relays are still switched. Not thread-safe: the device loop owns it.
/// </summary>
public sealed class RelayBank
{
    private readonly IRelayDriver _driver;
    private readonly Logger _log;
    private readonly bool[] _on;

    public RelayBank(BoardDefinition board, IRelayDriver driver, ILogSink log)
    {
        ArgumentNullException.ThrowIfNull(board, nameof(board));
        ArgumentNullException.ThrowIfNull(driver, nameof(driver));
        ArgumentNullException.ThrowIfNull(log, nameof(log));
        BoardValidator.Validate(board);
        if (driver.Count != board.Relays.Count)
        {
            throw new ArgumentException(
                "driver has " + driver.Count.ToString() + " relays but board " + board.Name + " has " + board.Relays.Count.ToString(),
                nameof(driver));
        }

        Board = board;
        _driver = driver;
        _log = new Logger(log, "relays");
        _on = new bool[board.Relays.Count];
    }

    public BoardDefinition Board { get; }

    public int Count => _on.Length;

    /// <summary>Power drawn by the stages that are on, by the board's figures.</summary>
    public int ActiveWatts
    {
        get
        {
            int sum = 0;
            for (int i = 0; i < _on.Length; i++)
            {
                if (_on[i])
                {
                    sum += Board.Relays[i].Watts;
                }
            }

            return sum;
        }
    }

    /// <summary>Called once after an Apply or AllOff that changed at least one relay.</summary>
    public Action? Changed { get; set; }

    public bool IsOn(int index)
    {
        if ((uint)index >= (uint)_on.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return _on[index];
    }

    /// <summary>A copy of the logical states, e.g. to persist them for restore-last.</summary>
    public bool[] GetStates()
    {
        var copy = new bool[_on.Length];
        Array.Copy(_on, copy, _on.Length);
        return copy;
    }

    /// <summary>Switches the relays whose state differs from <paramref name="states"/>.</summary>
    public void Apply(bool[] states, string reason)
    {
        ArgumentNullException.ThrowIfNull(states, nameof(states));
        if (states.Length != _on.Length)
        {
            throw new ArgumentException(
                "expected " + _on.Length.ToString() + " relay states, got " + states.Length.ToString(),
                nameof(states));
        }

        // Offs first: a new stage set under a lower cap (e.g. 2000 W -> 1000 W on another relay)
        // must never have both on, not even for the time between two GPIO writes.
        bool changed = false;
        for (int pass = 0; pass < 2; pass++)
        {
            bool on = pass == 1;
            for (int i = 0; i < _on.Length; i++)
            {
                if (states[i] == on && _on[i] != on)
                {
                    changed |= Switch(i, on, reason);
                }
            }
        }

        if (changed)
        {
            Changed?.Invoke();
        }
    }

    /// <summary>
    /// Drives every relay off, including those already off by our books: this is the safe state
    /// for shutdown and faults, so a relay a failed earlier "off" may have left on gets another try.
    /// </summary>
    public void AllOff(string reason)
    {
        bool changed = false;
        for (int i = 0; i < _on.Length; i++)
        {
            changed |= Switch(i, false, reason);
        }

        if (!changed)
        {
            _log.Debug("all relays off (already): " + reason);
        }
        else
        {
            Changed?.Invoke();
        }
    }

    private bool Switch(int index, bool on, string reason)
    {
        RelayStage relay = Board.Relays[index];
        try
        {
            _driver.Set(index, on);
        }
        catch (Exception ex)
        {
            // Any failure: a failing output must not stop the other relays from reaching their state.
            _log.Error(
                "relay " + (index + 1).ToString() + " '" + relay.Name + "' FAILED to switch " + OnOff(on)
                + " (pin " + relay.Pin.ToString() + "); still counted as " + OnOff(_on[index])
                + "; reason: " + reason + "; " + ex.ToString());
            return false;
        }

        if (_on[index] == on)
        {
            return false;
        }

        _on[index] = on;
        _log.Info("relay " + (index + 1).ToString() + " '" + relay.Name + "' " + OnOff(on) + " (" + relay.Watts.ToString() + " W): " + reason);
        return true;
    }

    private static string OnOff(bool on) => on ? "ON" : "OFF";
}
