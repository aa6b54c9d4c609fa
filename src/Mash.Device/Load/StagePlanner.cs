using System;
using Mash.Device.Boards;
using Mash.Protocol.Portable;

namespace Mash.Device.Load;

/// <summary>
/// Chooses which relay stages should be on under a power cap while the device runs. Pure, so the
/// choice is testable without relays or time.
/// </summary>
/// <remarks>
/// The most power that fits wins (a limit is a ceiling, not a target to undershoot). Among equal
/// totals the one that switches the fewest relays away from <c>current</c> wins, because every
/// switching wears the contacts and a needless reshuffle (3000 W as one stage versus 1000 + 2000 W)
/// buys nothing; then fewer relays on, then lower relay numbers, so the answer is deterministic.
/// With at most <see cref="BoardValidator.MaxRelays"/> relays all 256 subsets are tried.
/// </remarks>
public static class StagePlanner
{
    /// <param name="board">A validated board.</param>
    /// <param name="current">The relay states now (one per relay).</param>
    /// <param name="capWatts">The cap in watts; <see cref="LoadLimits.NoLimit"/> = no cap (every stage on). Other negative values count as 0.</param>
    /// <param name="target">Receives the chosen states; same length as the board's relays.</param>
    public static void Plan(BoardDefinition board, bool[] current, long capWatts, bool[] target) =>
        Plan(board, current, capWatts, null, target);

    /// <summary>
    /// As above, but only relays marked in <paramref name="mayBeOn"/> can be on in the answer
    /// (null = all may): a relay still inside its minimum switch interval cannot go on yet, and
    /// the best set without it may differ from just leaving it out of the ideal set.
    /// </summary>
    public static void Plan(BoardDefinition board, bool[] current, long capWatts, bool[]? mayBeOn, bool[] target)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(target);
        int count = board.Relays.Count;
        if (current.Length != count || target.Length != count || (mayBeOn is not null && mayBeOn.Length != count))
        {
            throw new ArgumentException("expected " + count.ToString() + " relay states");
        }

        if (count > BoardValidator.MaxRelays)
        {
            throw new ArgumentException("board has more than " + BoardValidator.MaxRelays.ToString() + " relays", nameof(board));
        }

        int currentMask = 0;
        int allowedMask = 0;
        for (int i = 0; i < count; i++)
        {
            if (current[i])
            {
                currentMask |= 1 << i;
            }

            if (mayBeOn is null || mayBeOn[i])
            {
                allowedMask |= 1 << i;
            }
        }

        long cap = capWatts == LoadLimits.NoLimit ? long.MaxValue : Maths.Max(0, capWatts);
        int bestMask = 0;
        long bestWatts = 0;
        int bestChanges = PopCount(currentMask);
        int bestOn = 0;
        for (int mask = 1; mask < (1 << count); mask++)
        {
            if ((mask & ~allowedMask) != 0)
            {
                continue;
            }

            long watts = 0;
            for (int i = 0; i < count; i++)
            {
                if ((mask & (1 << i)) != 0)
                {
                    watts += board.Relays[i].Watts;
                }
            }

            if (watts > cap || watts < bestWatts)
            {
                continue;
            }

            int changes = PopCount(mask ^ currentMask);
            int on = PopCount(mask);
            bool better = watts > bestWatts
                || changes < bestChanges
                || (changes == bestChanges && on < bestOn);
            if (better)
            {
                bestMask = mask;
                bestWatts = watts;
                bestChanges = changes;
                bestOn = on;
            }
        }

        for (int i = 0; i < count; i++)
        {
            target[i] = (bestMask & (1 << i)) != 0;
        }
    }

    /// <summary>Total watts of the stages that are on in <paramref name="states"/>.</summary>
    public static long Watts(BoardDefinition board, bool[] states)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(states);
        long sum = 0;
        for (int i = 0; i < states.Length && i < board.Relays.Count; i++)
        {
            if (states[i])
            {
                sum += board.Relays[i].Watts;
            }
        }

        return sum;
    }

    private static int PopCount(int value)
    {
        int n = 0;
        while (value != 0)
        {
            value &= value - 1;
            n++;
        }

        return n;
    }
}
