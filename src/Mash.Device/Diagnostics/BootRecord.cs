using System;
using Mash.Device.Storage;
using Mash.Protocol.Wire;

namespace Mash.Device.Diagnostics;

/// <summary>
/// Tells why the device is starting: a marker in flash says "running" while the firmware runs and
/// "clean" after an orderly shutdown, so finding "running" at boot means power loss or a crash.
/// Stored as {1: state (0 clean, 1 running), 2: boot count}.
/// </summary>
public static class BootRecord
{
    public const string Key = "boot";

    /// <summary>Reads the previous run's outcome and marks this run as running.</summary>
    public static ResetReason Begin(IFlashStore flash, out long bootCount)
    {
        ArgumentNullException.ThrowIfNull(flash, nameof(flash));
        FlashRead read = flash.Read(Key);
        ResetReason reason;
        long previousCount = 0;
        switch (read.Status)
        {
            case FlashReadStatus.Missing:
                reason = ResetReason.FirstBoot;
                break;
            case FlashReadStatus.Ok when TryDecode(read.Value!, out bool running, out previousCount):
                reason = running ? ResetReason.Unclean : ResetReason.CleanShutdown;
                break;
            default:
                reason = ResetReason.Unknown;
                break;
        }

        bootCount = previousCount + 1;
        flash.Write(Key, Encode(running: true, bootCount));
        return reason;
    }

    /// <summary>Marks an orderly shutdown; the next boot will report a clean reset.</summary>
    public static void End(IFlashStore flash, long bootCount)
    {
        ArgumentNullException.ThrowIfNull(flash, nameof(flash));
        flash.Write(Key, Encode(running: false, bootCount));
    }

    private static byte[] Encode(bool running, long bootCount)
    {
        var writer = new CborWriter();
        writer.WriteStartMap(2);
        writer.WriteInt32(1);
        writer.WriteInt32(running ? 1 : 0);
        writer.WriteInt32(2);
        writer.WriteInt64(bootCount);
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static bool TryDecode(byte[] data, out bool running, out long bootCount)
    {
        running = false;
        bootCount = 0;
        try
        {
            var reader = new CborReader(data);
            int n = reader.ReadStartMap();
            for (int i = 0; i < n; i++)
            {
                switch (reader.ReadInt32())
                {
                    case 1: running = reader.ReadInt32() == 1; break;
                    case 2: bootCount = reader.ReadInt64(); break;
                    default: reader.SkipValue(); break;
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }
}
