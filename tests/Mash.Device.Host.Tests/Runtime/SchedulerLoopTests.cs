using System;
using System.Collections.Generic;
using System.Threading;
using Mash.Device.Diagnostics;
using Mash.Device.Host.Runtime;
using Mash.Device.Runtime;

namespace Mash.Device.Host.Tests.Runtime;

public sealed class SchedulerLoopTests : IDisposable
{
    // Generous: the build machine is shared, and these waits only run out when something is broken.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly SystemClock _clock = new();
    private readonly Scheduler _scheduler;
    private readonly SchedulerLoop _loop;

    public SchedulerLoopTests()
    {
        // Room for all 4000 posts at once: the posting threads may outrun the loop.
        _scheduler = new Scheduler(_clock, NullLogSink.Instance, eventCapacity: 4096);
        _loop = new SchedulerLoop(_scheduler);
    }

    public void Dispose() => _loop.Dispose();

    [Fact]
    public void Events_posted_from_four_threads_all_run_on_the_loop_thread_in_per_thread_order()
    {
        const int Threads = 4;
        const int PerThread = 1000;
        var seen = new List<int>[Threads];
        for (int t = 0; t < Threads; t++)
        {
            seen[t] = new List<int>();
        }

        int offLoop = 0;
        int total = 0;
        using var allRan = new ManualResetEventSlim(false);
        using var go = new ManualResetEventSlim(false);
        _loop.Start();

        var posters = new Thread[Threads];
        for (int t = 0; t < Threads; t++)
        {
            int thread = t;
            posters[t] = new Thread(() =>
            {
                go.Wait();
                for (int i = 0; i < PerThread; i++)
                {
                    int n = i;
                    _scheduler.Post(() =>
                    {
                        // Lists are touched only here; if this ran off the loop thread the count below says so.
                        if (!_loop.IsLoopThread)
                        {
                            Interlocked.Increment(ref offLoop);
                        }

                        seen[thread].Add(n);
                        if (++total == Threads * PerThread)
                        {
                            allRan.Set();
                        }
                    });
                }
            });
            posters[t].Start();
        }

        go.Set();
        foreach (var poster in posters)
        {
            poster.Join();
        }

        Assert.True(allRan.Wait(Patience), "not every posted event ran");
        Assert.Equal(0, offLoop);
        var expected = new List<int>();
        for (int i = 0; i < PerThread; i++)
        {
            expected.Add(i);
        }

        for (int t = 0; t < Threads; t++)
        {
            Assert.Equal(expected, _loop.Invoke(() => seen[t].ToArray()));
        }
    }

    [Fact]
    public void A_real_50_ms_timer_fires_on_the_loop_thread_and_not_before_its_deadline()
    {
        using var fired = new ManualResetEventSlim(false);
        TimeSpan firedAt = TimeSpan.Zero;
        bool onLoop = false;
        _loop.Start();

        TimerHandle timer = _loop.Invoke(() => _scheduler.After(TimeSpan.FromMilliseconds(50), () =>
        {
            firedAt = _clock.Monotonic;
            onLoop = _loop.IsLoopThread;
            fired.Set();
        }));

        Assert.True(fired.Wait(Patience), "the 50 ms timer never fired");
        Assert.True(onLoop);
        Assert.True(firedAt >= timer.Deadline, $"fired at {firedAt}, deadline {timer.Deadline}");
    }

    [Fact]
    public void A_periodic_timer_keeps_firing_while_the_loop_sleeps_between_deadlines()
    {
        using var thirdFire = new ManualResetEventSlim(false);
        int fires = 0;
        _loop.Start();

        _loop.Invoke(() => _scheduler.Every(TimeSpan.FromMilliseconds(20), () =>
        {
            if (++fires == 3)
            {
                thirdFire.Set();
            }
        }));

        Assert.True(thirdFire.Wait(Patience), "the periodic timer stopped firing");
    }

    [Fact]
    public void Invoke_returns_the_result_computed_on_the_loop_thread()
    {
        _loop.Start();

        bool ranOnLoop = _loop.Invoke(() => _loop.IsLoopThread);

        Assert.True(ranOnLoop);
        Assert.False(_loop.IsLoopThread);
    }

    [Fact]
    public void Invoke_rethrows_what_the_function_threw()
    {
        _loop.Start();

        var error = Assert.Throws<InvalidOperationException>(() => _loop.Invoke<int>(() => throw new InvalidOperationException("zone store locked")));

        Assert.Equal("zone store locked", error.Message);
    }

    [Fact]
    public void Invoke_from_the_loop_thread_runs_inline_instead_of_deadlocking()
    {
        _loop.Start();

        int result = _loop.Invoke(() => _loop.Invoke(() => 42, TimeSpan.FromSeconds(1)));

        Assert.Equal(42, result);
    }

    [Fact]
    public void Invoke_times_out_when_the_loop_is_busy()
    {
        using var release = new ManualResetEventSlim(false);
        using var blocked = new ManualResetEventSlim(false);
        _loop.Start();
        _scheduler.Post(() =>
        {
            blocked.Set();
            release.Wait(Patience);
        });
        Assert.True(blocked.Wait(Patience));

        Assert.Throws<TimeoutException>(() => _loop.Invoke(() => 1, TimeSpan.FromMilliseconds(50)));

        release.Set();
    }

    [Fact]
    public void Invoke_before_start_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => _loop.Invoke(() => 1));
    }

    [Fact]
    public void Events_posted_before_stop_still_run()
    {
        int ran = 0;
        _loop.Start();
        for (int i = 0; i < 100; i++)
        {
            _scheduler.Post(() => ran++);
        }

        _loop.Stop();

        Assert.Equal(100, Volatile.Read(ref ran));
        Assert.False(_loop.IsRunning);
    }

    [Fact]
    public void Stop_returns_promptly_while_the_loop_waits_for_a_distant_timer()
    {
        _loop.Start();
        _loop.Invoke(() => _scheduler.After(TimeSpan.FromHours(1), () => { }));

        long before = Environment.TickCount64;
        _loop.Stop();

        Assert.True(Environment.TickCount64 - before < 1000, "Stop waited for the timer instead of waking the loop");
        Assert.False(_loop.IsRunning);
    }

    [Fact]
    public void A_loop_cannot_be_started_twice()
    {
        _loop.Start();

        Assert.Throws<InvalidOperationException>(_loop.Start);
    }
}
