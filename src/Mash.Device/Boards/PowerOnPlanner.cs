using System;

namespace Mash.Device.Boards;

/// <summary>
/// Decides the relay states to apply at boot. Pure: the caller supplies the persisted relay
/// states and the persisted cap (failsafe or grid limit), so the decision is testable and the
/// same on every platform.
/// </summary>
/// <remarks>
/// A cap is never exceeded. When the wanted stages do not fit, the planner keeps the subset of
/// the wanted stages with the highest total power that fits (with at most 8 relays all 256
/// subsets are tried, so no greedy shortcut can miss a better fit: 1000+2000 W under a 3500 W
/// cap beats dropping the 3000 W stage first). Ties go to fewer relays on (less switching), then
/// to lower relay numbers. A stage that was not wanted is never switched on to fill the gap.
/// </remarks>
public static class PowerOnPlanner
{
    /// <summary>The cap argument when there is no failsafe cap: every stage may be on.</summary>
    public const long NoCap = long.MaxValue;

    /// <summary>Plans with the board's own <see cref="BoardDefinition.PowerOnState"/>.</summary>
    public static bool[] Plan(BoardDefinition board, bool[]? lastStates, long capWatts)
    {
        ArgumentNullException.ThrowIfNull(board, nameof(board));
        return Plan(board, board.PowerOnState, lastStates, capWatts);
    }

    /// <param name="board">A validated board.</param>
    /// <param name="state">The power-on policy.</param>
    /// <param name="lastStates">Relay states persisted before the reboot, for RestoreLast. Null, or
    /// a length that does not match the board (the board file changed), means unknown: all off.</param>
    /// <param name="capWatts">The lowest persisted limit that applies at boot, in watts; <see cref="NoCap"/> = none.
    /// Negative values are treated as 0.</param>
    public static bool[] Plan(BoardDefinition board, PowerOnState state, bool[]? lastStates, long capWatts)
    {
        ArgumentNullException.ThrowIfNull(board, nameof(board));
        int count = board.Relays.Count;
        var wanted = new bool[count];
        switch (state)
        {
            case PowerOnState.On:
                for (int i = 0; i < count; i++)
                {
                    wanted[i] = true;
                }

                break;
            case PowerOnState.RestoreLast:
                if (lastStates is not null && lastStates.Length == count)
                {
                    Array.Copy(lastStates, wanted, count);
                }

                break;
            default:
                break;
        }

        return Fit(board, wanted, capWatts);
    }

    /// <summary>
    /// The highest-power subset of <paramref name="allowed"/> whose total is at most
    /// <paramref name="capWatts"/> (<see cref="NoCap"/>: <paramref name="allowed"/> unchanged).
    /// </summary>
    public static bool[] Fit(BoardDefinition board, bool[] allowed, long capWatts)
    {
        ArgumentNullException.ThrowIfNull(board, nameof(board));
        ArgumentNullException.ThrowIfNull(allowed, nameof(allowed));
        int count = board.Relays.Count;
        if (allowed.Length != count)
        {
            throw new ArgumentException("expected " + count.ToString() + " relay states, got " + allowed.Length.ToString(), nameof(allowed));
        }

        if (count > BoardValidator.MaxRelays)
        {
            throw new ArgumentException("board has more than " + BoardValidator.MaxRelays.ToString() + " relays", nameof(board));
        }

        int allowedMask = 0;
        for (int i = 0; i < count; i++)
        {
            if (allowed[i])
            {
                allowedMask |= 1 << i;
            }
        }

        long cap = capWatts < 0 ? 0 : capWatts;
        int bestMask = 0;
        long bestWatts = 0;
        int bestOn = 0;

        // Ascending order means the first of several equal candidates has the lowest relay numbers.
        for (int mask = 1; mask < (1 << count); mask++)
        {
            if ((mask & ~allowedMask) != 0)
            {
                continue;
            }

            long watts = 0;
            int on = 0;
            for (int i = 0; i < count; i++)
            {
                if ((mask & (1 << i)) != 0)
                {
                    watts += board.Relays[i].Watts;
                    on++;
                }
            }

            if (watts > cap)
            {
                continue;
            }

            if (watts > bestWatts || (watts == bestWatts && on < bestOn))
            {
                bestMask = mask;
                bestWatts = watts;
                bestOn = on;
            }
        }

        var result = new bool[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = (bestMask & (1 << i)) != 0;
        }

        return result;
    }
}
