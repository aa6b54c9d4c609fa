using System;
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
public sealed class FailsafeRecord
{
    public const string Key = "failsafe";

    /// <summary>A value a controller did not write (limit, duration) or a timer that is not stored (start).</summary>
    public const long NotWritten = long.MinValue;

    private const int FormatVersion = 1;

    // DateTimeOffset's range in Unix milliseconds (0001-01-01 .. 9999-12-31).
    private const long MinUnixMs = -62135596800000;
    private const long MaxUnixMs = 253402300799999;

    /// <param name="consumptionLimitMw">The written failsafe limit, or <see cref="NotWritten"/> (device default).</param>
    /// <param name="durationSeconds">The written failsafe duration, or <see cref="NotWritten"/> (device default).</param>
    /// <param name="phase">Where the failsafe is.</param>
    /// <param name="timerStartedUnixMs">Wall-clock start of the running timer in Unix milliseconds, or <see cref="NotWritten"/>.</param>
    /// <param name="timerDuration">This run's duration (with <paramref name="timerStartedUnixMs"/>).</param>
    public FailsafeRecord(long consumptionLimitMw, long durationSeconds, FailsafePhase phase, long timerStartedUnixMs, TimeSpan timerDuration)
    {
        ConsumptionLimitMw = consumptionLimitMw;
        DurationSeconds = durationSeconds;
        Phase = phase;
        TimerStartedUnixMs = timerStartedUnixMs;
        TimerDuration = timerDuration;
    }

    public long ConsumptionLimitMw { get; }

    public bool HasConsumptionLimit => ConsumptionLimitMw != NotWritten;

    public long DurationSeconds { get; }

    public bool HasDuration => DurationSeconds != NotWritten;

    public FailsafePhase Phase { get; }

    public long TimerStartedUnixMs { get; }

    public TimeSpan TimerDuration { get; }

    /// <summary>True when the record holds a timer start and its duration.</summary>
    public bool HasTimer => TimerStartedUnixMs != NotWritten;

    /// <summary>The zone whose failsafe limit is in force (priority rule, docs/load-control.md).</summary>
    public FailsafeSetter? ConsumptionLimitSetBy { get; set; }

    /// <summary>The zone whose failsafe duration is in force.</summary>
    public FailsafeSetter? DurationSetBy { get; set; }

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
            long limit = NotWritten;
            long duration = NotWritten;
            var phase = FailsafePhase.Idle;
            long started = NotWritten;
            bool hasRun = false;
            TimeSpan run = TimeSpan.Zero;
            string? limitBy = null;
            string? durationBy = null;
            bool hasLimitByType = false;
            int limitByType = 0;
            bool hasDurationByType = false;
            int durationByType = 0;
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
                        if (p < 0 || p > (int)FailsafePhase.Active)
                        {
                            throw new FormatException("unknown failsafe phase " + p.ToString());
                        }

                        phase = (FailsafePhase)p;
                        break;
                    case 5:
                        started = reader.ReadInt64();
                        if (started < MinUnixMs || started > MaxUnixMs)
                        {
                            throw new FormatException("failsafe timer start " + started.ToString() + " ms is out of range");
                        }

                        break;
                    case 6:
                        long runMs = reader.ReadInt64();
                        if (runMs > long.MaxValue / TimeSpan.TicksPerMillisecond || runMs < long.MinValue / TimeSpan.TicksPerMillisecond)
                        {
                            throw new FormatException("failsafe timer duration " + runMs.ToString() + " ms is out of range");
                        }

                        run = TimeSpan.FromTicks(runMs * TimeSpan.TicksPerMillisecond);
                        hasRun = true;
                        break;
                    case 7:
                        limitBy = reader.ReadTextString();
                        break;
                    case 8:
                        limitByType = reader.ReadInt32();
                        hasLimitByType = true;
                        break;
                    case 9:
                        durationBy = reader.ReadTextString();
                        break;
                    case 10:
                        durationByType = reader.ReadInt32();
                        hasDurationByType = true;
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

            if (phase == FailsafePhase.TimerRunning && (started == NotWritten || !hasRun))
            {
                throw new FormatException("a running timer without start or duration");
            }

            return new FailsafeRecord(limit, duration, phase, hasRun ? started : NotWritten, run)
            {
                ConsumptionLimitSetBy = Setter(limitBy, hasLimitByType, limitByType),
                DurationSetBy = Setter(durationBy, hasDurationByType, durationByType),
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
        bool running = Phase == FailsafePhase.TimerRunning && HasTimer;
        int count = 2 + (HasConsumptionLimit ? 1 : 0) + (HasDuration ? 1 : 0) + (running ? 2 : 0)
            + (ConsumptionLimitSetBy is null ? 0 : 2) + (DurationSetBy is null ? 0 : 2);
        var writer = new CborWriter();
        writer.WriteStartMap(count);
        writer.WriteInt32(1);
        writer.WriteInt32(FormatVersion);
        if (HasConsumptionLimit)
        {
            writer.WriteInt32(2);
            writer.WriteInt64(ConsumptionLimitMw);
        }

        if (HasDuration)
        {
            writer.WriteInt32(3);
            writer.WriteInt64(DurationSeconds);
        }

        writer.WriteInt32(4);
        writer.WriteInt32((int)Phase);
        if (running)
        {
            writer.WriteInt32(5);
            writer.WriteInt64(TimerStartedUnixMs);
            writer.WriteInt32(6);
            writer.WriteInt64(TimerDuration.Ticks / TimeSpan.TicksPerMillisecond);
        }

        WriteSetter(writer, 7, ConsumptionLimitSetBy);
        WriteSetter(writer, 9, DurationSetBy);

        writer.WriteEndMap();
        flash.Write(Key, writer.Encode());
    }

    private static FailsafeSetter? Setter(string? zoneId, bool hasType, int type)
    {
        if (zoneId is null && !hasType)
        {
            return null;
        }

        if (zoneId is null || !hasType || type < (int)ZoneType.GridOperator || type > (int)ZoneType.UserApp)
        {
            throw new FormatException("a failsafe setter needs a zone ID and a known zone type");
        }

        return new FailsafeSetter(zoneId, (ZoneType)type);
    }

    private static void WriteSetter(CborWriter writer, int key, FailsafeSetter? setter)
    {
        if (setter is not null)
        {
            writer.WriteInt32(key);
            writer.WriteTextString(setter.ZoneId);
            writer.WriteInt32(key + 1);
            writer.WriteInt32((int)setter.ZoneType);
        }
    }
}
