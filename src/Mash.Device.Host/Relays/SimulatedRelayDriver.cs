using System;
using System.IO;
using System.Text;
using Mash.Device.Boards;
using Mash.Device.Diagnostics;
using Mash.Device.Relays;

namespace Mash.Device.Host.Relays;

/// <summary>
/// Relays that exist only in memory, for the host-sim board and tests. Optionally mirrors the
/// states into "relays.state" in a directory (one line, relay 1 first, e.g. "1 0 1") so another
/// process can watch the load switch; the file is replaced atomically, never seen half-written.
/// </summary>
public sealed class SimulatedRelayDriver : IRelayDriver
{
    public const string StateFileName = "relays.state";

    private readonly BoardDefinition _board;
    private readonly Logger _log;
    private readonly bool[] _on;
    private readonly object _gate = new();

    /// <param name="board">The board whose relays are simulated.</param>
    /// <param name="log">Switches are logged at Debug (the RelayBank logs them at Info).</param>
    /// <param name="stateDirectory">Where to keep relays.state; null = no file.</param>
    public SimulatedRelayDriver(BoardDefinition board, ILogSink log, string? stateDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(log);
        _board = board;
        _log = new Logger(log, "sim-gpio");
        _on = new bool[board.Relays.Count];
        if (stateDirectory is not null)
        {
            Directory.CreateDirectory(stateDirectory);
            StateFilePath = Path.Combine(stateDirectory, StateFileName);
            WriteStateFile(Line(_on));
        }
    }

    public int Count => _on.Length;

    /// <summary>Full path of relays.state, or null when the driver keeps no file.</summary>
    public string? StateFilePath { get; }

    public void Set(int index, bool on)
    {
        if ((uint)index >= (uint)_on.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, "board " + _board.Name + " has " + _on.Length.ToString() + " relays");
        }

        string line;
        lock (_gate)
        {
            if (_on[index] == on)
            {
                return;
            }

            _on[index] = on;
            line = Line(_on);
            if (StateFilePath is not null)
            {
                WriteStateFile(line);
            }
        }

        RelayStage relay = _board.Relays[index];
        _log.Debug(
            "relay " + (index + 1).ToString() + " pin " + relay.Pin.ToString() + " -> " + (relay.LevelFor(on) ? "high" : "low")
            + " (" + (on ? "on" : "off") + "); states " + line);
    }

    /// <summary>A copy of the states, relay 1 first.</summary>
    public bool[] Snapshot()
    {
        lock (_gate)
        {
            return (bool[])_on.Clone();
        }
    }

    private static string Line(bool[] states)
    {
        var text = new StringBuilder(states.Length * 2);
        for (int i = 0; i < states.Length; i++)
        {
            text.Append(i == 0 ? string.Empty : " ").Append(states[i] ? '1' : '0');
        }

        return text.ToString();
    }

    // The simulated relay has switched either way; a failing observation file is worth a warning,
    // not a failed switch.
    private void WriteStateFile(string line)
    {
        string path = StateFilePath!;
        string temporary = path + ".tmp";
        try
        {
            File.WriteAllText(temporary, line + "\n");
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Warn("cannot write " + path + ": " + ex.Message);
        }
    }
}
