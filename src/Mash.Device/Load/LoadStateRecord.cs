using System;
using Mash.Device.Storage;
using Mash.Protocol.Wire;

namespace Mash.Device.Load;

/// <summary>
/// What the load must remember across a power cut: the relay states (for the restore-last
/// power-on setting) and the power-on cap, the lowest limit that must still hold after a reboot
/// (a persisted failsafe or grid-operator limit). Stored as {1: [bool...], 2: cap watts (optional)}.
/// </summary>
public sealed record LoadStateRecord(bool[] RelayStates, long? CapWatts)
{
    public const string Key = "load";

    /// <summary>Reads the record; a missing or damaged record yields null (boot falls back to all off).</summary>
    public static LoadStateRecord? Read(IFlashStore flash, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(flash);
        problem = null;
        FlashRead read = flash.Read(Key);
        if (read.Status == FlashReadStatus.Missing)
        {
            return null;
        }

        if (!read.IsOk)
        {
            problem = read.Problem;
            return null;
        }

        try
        {
            var reader = new CborReader(read.Value!);
            bool[] states = [];
            long? cap = null;
            int n = reader.ReadStartMap();
            for (int i = 0; i < n; i++)
            {
                switch (reader.ReadInt32())
                {
                    case 1:
                        int count = reader.ReadStartArray();
                        if (count is < 0 or > 8)
                        {
                            throw new FormatException("relay list length out of range");
                        }

                        states = new bool[count];
                        for (int r = 0; r < states.Length; r++)
                        {
                            states[r] = reader.ReadBoolean();
                        }

                        reader.ReadEndArray();
                        break;
                    case 2:
                        cap = reader.ReadInt64();
                        break;
                    default:
                        reader.SkipValue();
                        break;
                }
            }

            reader.ReadEndMap();
            return new LoadStateRecord(states, cap);
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or FormatException)
        {
            problem = $"load state record is damaged: {ex.Message}";
            return null;
        }
    }

    public void Write(IFlashStore flash)
    {
        ArgumentNullException.ThrowIfNull(flash);
        var writer = new CborWriter();
        writer.WriteStartMap(CapWatts is null ? 1 : 2);
        writer.WriteInt32(1);
        writer.WriteStartArray(RelayStates.Length);
        foreach (bool on in RelayStates)
        {
            writer.WriteBoolean(on);
        }

        writer.WriteEndArray();
        if (CapWatts is { } cap)
        {
            writer.WriteInt32(2);
            writer.WriteInt64(cap);
        }

        writer.WriteEndMap();
        flash.Write(Key, writer.Encode());
    }
}
