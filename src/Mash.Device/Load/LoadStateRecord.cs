using System;
using Mash.Device.Storage;

using Mash.Protocol.Wire;

namespace Mash.Device.Load;

/// <summary>
/// What the load must remember across a power cut: the relay states (for the restore-last
/// power-on setting) and the power-on cap, the lowest limit that must still hold after a reboot
/// (a persisted failsafe or grid-operator limit). Stored as {1: [bool...], 2: cap watts (optional)}.
/// </summary>
public sealed class LoadStateRecord
{
    public const string Key = "load";

    /// <param name="relayStates">One flag per relay.</param>
    /// <param name="capWatts">The power-on cap in watts; <see cref="LoadLimits.NoLimit"/> = none.</param>
    public LoadStateRecord(bool[] relayStates, long capWatts)
    {
        ArgumentNullException.ThrowIfNull(relayStates);
        RelayStates = relayStates;
        CapWatts = capWatts;
    }

    public bool[] RelayStates { get; }

    /// <summary>The power-on cap in watts; <see cref="LoadLimits.NoLimit"/> when there is none.</summary>
    public long CapWatts { get; }

    public bool HasCap => CapWatts != LoadLimits.NoLimit;

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
            bool[] states = new bool[0];
            long cap = LoadLimits.NoLimit;
            int n = reader.ReadStartMap();
            for (int i = 0; i < n; i++)
            {
                switch (reader.ReadInt32())
                {
                    case 1:
                        int count = reader.ReadStartArray(); // -1: indefinite length
                        if (count < 0 || count > 8)
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
        writer.WriteStartMap(HasCap ? 2 : 1);
        writer.WriteInt32(1);
        writer.WriteStartArray(RelayStates.Length);
        foreach (bool on in RelayStates)
        {
            writer.WriteBoolean(on);
        }

        writer.WriteEndArray();
        if (HasCap)
        {
            writer.WriteInt32(2);
            writer.WriteInt64(CapWatts);
        }

        writer.WriteEndMap();
        flash.Write(Key, writer.Encode());
    }
}
