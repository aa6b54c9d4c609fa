using System;
using Mash.Device.Model;
using Mash.Device.Storage;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Device.Load;

/// <summary>
/// The failsafe settings a controller wrote (attributes 70 and 72; absent = the device default)
/// and the timer's state, so a reboot resumes the countdown or comes back in failsafe. The start
/// is wall-clock time because the monotonic clock restarts with the device.
/// CBOR: {1: format 1, 2: failsafe limit mW?, 3: failsafe duration s?, 4: phase, 5: timer start unix ms?, 6: this run's duration ms?,
/// 7: limit set by zone ID?, 8: its zone type?, 9: duration set by zone ID?, 10: its zone type?}. Keys 7-10 came later;
/// a record without them has no zone's claim on its values (a reader that predates them skips them).
/// </summary>
public sealed record FailsafeRecord(
    long? ConsumptionLimitMw,
    long? DurationSeconds,
    FailsafePhase Phase,
    DateTimeOffset? TimerStartedAt,
    TimeSpan? TimerDuration)
{
    public const string Key = "failsafe";
    private const int FormatVersion = 1;

    /// <summary>The zone whose failsafe limit is in force (priority rule, docs/load-control.md).</summary>
    public FailsafeSetter? ConsumptionLimitSetBy { get; init; }

    /// <summary>The zone whose failsafe duration is in force.</summary>
    public FailsafeSetter? DurationSetBy { get; init; }

    /// <summary>Reads the record; missing yields null, damaged yields null with <paramref name="problem"/> set.</summary>
    public static FailsafeRecord? Read(IFlashStore flash, out string? problem)
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
            int format = 0;
            long? limit = null;
            long? duration = null;
            var phase = FailsafePhase.Idle;
            DateTimeOffset? started = null;
            TimeSpan? run = null;
            string? limitBy = null;
            string? durationBy = null;
            int? limitByType = null;
            int? durationByType = null;
            int n = reader.ReadStartMap();
            for (int i = 0; i < n; i++)
            {
                switch (reader.ReadInt32())
                {
                    case 1:
                        format = reader.ReadInt32();
                        break;
                    case 2:
                        limit = reader.ReadInt64();
                        break;
                    case 3:
                        duration = reader.ReadInt64();
                        break;
                    case 4:
                        int p = reader.ReadInt32();
                        if (p is < 0 or > (int)FailsafePhase.Active)
                        {
                            throw new FormatException("unknown failsafe phase " + p.ToString());
                        }

                        phase = (FailsafePhase)p;
                        break;
                    case 5:
                        started = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
                        break;
                    case 6:
                        run = TimeSpan.FromMilliseconds(reader.ReadInt64());
                        break;
                    case 7:
                        limitBy = reader.ReadTextString();
                        break;
                    case 8:
                        limitByType = reader.ReadInt32();
                        break;
                    case 9:
                        durationBy = reader.ReadTextString();
                        break;
                    case 10:
                        durationByType = reader.ReadInt32();
                        break;
                    default:
                        reader.SkipValue();
                        break;
                }
            }

            reader.ReadEndMap();
            if (format != FormatVersion)
            {
                throw new FormatException("format " + format.ToString() + " is not " + FormatVersion.ToString());
            }

            if (phase == FailsafePhase.TimerRunning && (started is null || run is null))
            {
                throw new FormatException("a running timer without start or duration");
            }

            return new FailsafeRecord(limit, duration, phase, started, run)
            {
                ConsumptionLimitSetBy = Setter(limitBy, limitByType),
                DurationSetBy = Setter(durationBy, durationByType),
            };
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or FormatException or ArgumentOutOfRangeException)
        {
            problem = "failsafe record is damaged: " + ex.Message;
            return null;
        }
    }

    public void Write(IFlashStore flash)
    {
        ArgumentNullException.ThrowIfNull(flash);
        bool running = Phase == FailsafePhase.TimerRunning && TimerStartedAt is not null && TimerDuration is not null;
        int count = 2 + (ConsumptionLimitMw is null ? 0 : 1) + (DurationSeconds is null ? 0 : 1) + (running ? 2 : 0)
            + (ConsumptionLimitSetBy is null ? 0 : 2) + (DurationSetBy is null ? 0 : 2);
        var writer = new CborWriter();
        writer.WriteStartMap(count);
        writer.WriteInt32(1);
        writer.WriteInt32(FormatVersion);
        if (ConsumptionLimitMw is { } limit)
        {
            writer.WriteInt32(2);
            writer.WriteInt64(limit);
        }

        if (DurationSeconds is { } duration)
        {
            writer.WriteInt32(3);
            writer.WriteInt64(duration);
        }

        writer.WriteInt32(4);
        writer.WriteInt32((int)Phase);
        if (running)
        {
            writer.WriteInt32(5);
            writer.WriteInt64(TimerStartedAt!.Value.ToUnixTimeMilliseconds());
            writer.WriteInt32(6);
            writer.WriteInt64((long)TimerDuration!.Value.TotalMilliseconds);
        }

        WriteSetter(writer, 7, ConsumptionLimitSetBy);
        WriteSetter(writer, 9, DurationSetBy);

        writer.WriteEndMap();
        flash.Write(Key, writer.Encode());
    }

    private static FailsafeSetter? Setter(string? zoneId, int? type)
    {
        if (zoneId is null && type is null)
        {
            return null;
        }

        if (zoneId is null || type is not { } t || t < (int)ZoneType.GridOperator || t > (int)ZoneType.UserApp)
        {
            throw new FormatException("a failsafe setter needs a zone ID and a known zone type");
        }

        return new FailsafeSetter(zoneId, (ZoneType)t);
    }

    private static void WriteSetter(CborWriter writer, int key, FailsafeSetter? setter)
    {
        if (setter is { } s)
        {
            writer.WriteInt32(key);
            writer.WriteTextString(s.ZoneId);
            writer.WriteInt32(key + 1);
            writer.WriteInt32((int)s.ZoneType);
        }
    }
}
