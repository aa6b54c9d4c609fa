using System;
using System.Diagnostics;
using System.Threading;
using Mash.Device.Diagnostics;
using Mash.Device.Host.Runtime;
using Mash.Device.Runtime;

namespace Mash.Bench;

/// <summary>
/// Duration and failsafe timers against the real monotonic clock: one-shot timers of 0.5 to 8 s
/// on the host scheduler loop, each fire compared with a Stopwatch. The PICS promises 1 %
/// (MASH.S.DURATION.ACCURACY); the error here is a fixed few milliseconds of wake-up latency, so
/// its share shrinks with the duration (hours in the field).
/// </summary>
internal static class TimerAccuracyBench
{
    public static void Run()
    {
        var scheduler = new Scheduler(new SystemClock(), NullLogSink.Instance);
        using var loop = new SchedulerLoop(scheduler);
        loop.Start();
        double[] seconds = [0.5, 1, 2, 4, 8];
        var late = new double[seconds.Length];
        using var done = new CountdownEvent(seconds.Length);
        var watch = Stopwatch.StartNew();
        loop.Invoke(() =>
        {
            for (int i = 0; i < seconds.Length; i++)
            {
                int index = i;
                TimeSpan due = TimeSpan.FromSeconds(seconds[i]);
                TimeSpan start = watch.Elapsed;
                scheduler.After(due, () =>
                {
                    late[index] = (watch.Elapsed - start - due).TotalMilliseconds;
                    done.Signal();
                });
            }

            return true;
        });
        done.Wait(TimeSpan.FromSeconds(20));
        loop.Stop();
        for (int i = 0; i < seconds.Length; i++)
        {
            Console.WriteLine($"timer {seconds[i],4:F1} s fired {late[i],6:F2} ms late ({late[i] / (seconds[i] * 10):F3} % of its duration; limit 1 %)");
        }
    }
}
