using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using Mash.Device.Host.Storage;
using Mash.Device.Storage;
using Mash.FlashTorture;
using Xunit.Abstractions;

namespace Mash.Device.Host.Tests.Storage;

/// <summary>
/// Kills a process that writes one key in a loop (Mash.FlashTorture) with SIGKILL at random
/// moments and checks after every kill that the key holds the last value the child reported as
/// written, or the one it was writing when it died, complete and verified - never garbage.
/// </summary>
public sealed class FlashCrashTests : IDisposable
{
    private const int Kills = 200;
    private const string Key = "torture";
    private static readonly TimeSpan ChildDeadline = TimeSpan.FromSeconds(30);

    private readonly ITestOutputHelper _output;
    private readonly TempDirectory _folder = new();

    public FlashCrashTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void After_any_sigkill_the_key_holds_the_last_completed_value_or_the_one_in_flight()
    {
        string torture = Path.Combine(AppContext.BaseDirectory, "Mash.FlashTorture.dll");
        Assert.True(
            File.Exists(torture) && File.Exists(Path.ChangeExtension(torture, ".runtimeconfig.json")),
            "the crash test needs the torture child built next to the tests: " + torture);

        int seed = Environment.TickCount;
        var random = new Random(seed);
        var stopwatch = Stopwatch.StartNew();
        long persisted = 0; // 0 = nothing written yet (the key is missing)
        int inFlightCompleted = 0;
        int interruptedWrites = 0;
        int killedBeforeStart = 0;

        for (int round = 0; round < Kills; round++)
        {
            string context = "round " + round + " (seed " + seed + ")";
            long lastDone = RunAndKill(torture, random, persisted, context, ref killedBeforeStart);

            using var store = new FileFlashStore(_folder.Path);
            interruptedWrites += store.InterruptedWritesRemoved;
            FlashRead read = store.Read(Key);
            if (read.Status == FlashReadStatus.Missing)
            {
                Assert.True(lastDone == 0, context + ": key missing after 'done " + lastDone + "'");
                continue;
            }

            Assert.True(read.Status == FlashReadStatus.Ok, context + ": " + read);
            string? problem = TorturePayload.Check(read.Value, out long n);
            Assert.True(problem == null, context + ": " + problem);
            Assert.True(
                n == lastDone || n == lastDone + 1,
                context + ": reloaded n=" + n + " but the child last reported 'done " + lastDone + "'");
            if (n == lastDone + 1)
            {
                inFlightCompleted++;
            }

            persisted = n;
        }

        stopwatch.Stop();
        _output.WriteLine(
            $"{Kills} kills in {stopwatch.Elapsed.TotalSeconds:F1} s (seed {seed}): last n = {persisted}, "
            + $"{inFlightCompleted} kills after a write completed but before it was reported, "
            + $"{interruptedWrites} interrupted writes cleaned up, {killedBeforeStart} kills before the child started writing");
        Assert.True(persisted > 0, "no write ever completed in " + Kills + " rounds");
    }

    /// <summary>Runs the child, kills it at a random moment and returns the last n it reported done.</summary>
    private long RunAndKill(string torture, Random random, long persisted, string context, ref int killedBeforeStart)
    {
        using Process child = StartChild(torture);

        // Nothing here may hang the test run: a stuck child is killed, which ends its output.
        using var deadline = new CancellationTokenSource(ChildDeadline);
        using CancellationTokenRegistration watchdog = deadline.Token.Register(() => Kill(child));

        long lastDone = persisted;
        bool started = false;
        int writesToWaitFor = random.Next(0, 4);

        // One round in ten kills during start-up (runtime load, folder open, lock, clean-up).
        if (random.Next(10) != 0)
        {
            started = Consume(child.StandardOutput.ReadLine(), persisted, ref lastDone, context);
            for (int i = 0; i < writesToWaitFor && started; i++)
            {
                Consume(child.StandardOutput.ReadLine(), persisted, ref lastDone, context);
            }

            // A random instant inside the next write (which takes well under a few ms): a
            // busy wait because sleeping has a coarser granularity than one write.
            long until = Stopwatch.GetTimestamp() + (long)(random.NextDouble() * 0.003 * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                Thread.SpinWait(20);
            }
        }

        Kill(child);
        child.WaitForExit();
        Assert.False(deadline.IsCancellationRequested, context + ": the child made no progress for " + ChildDeadline);

        // Lines the child wrote before it died are still in the pipe.
        for (string? line = child.StandardOutput.ReadLine(); line != null; line = child.StandardOutput.ReadLine())
        {
            started |= Consume(line, persisted, ref lastDone, context);
        }

        string errors = child.StandardError.ReadToEnd();
        Assert.True(errors.Length == 0, context + ": the child reported: " + errors);
        Assert.True(child.ExitCode == 137, context + ": the child exited by itself with code " + child.ExitCode);
        if (!started)
        {
            killedBeforeStart++;
        }

        return lastDone;
    }

    private static bool Consume(string? line, long persisted, ref long lastDone, string context)
    {
        Assert.True(line != null, context + ": the child's output ended early");
        string[] parts = line.Split(' ');
        long n = long.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture);
        if (parts[0] == "start")
        {
            Assert.True(n == persisted + 1, context + ": the child read n=" + (n - 1) + " but the test read n=" + persisted);
            return true;
        }

        Assert.True(parts[0] == "done" && n == lastDone + 1, context + ": unexpected line '" + line + "' after done " + lastDone);
        lastDone = n;
        return false;
    }

    private Process StartChild(string torture)
    {
        // DOTNET_HOST_PATH is the muxer running this test under `dotnet test`.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(torture);
        start.ArgumentList.Add(_folder.Path);
        start.ArgumentList.Add(Key);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start " + torture);
    }

    private static void Kill(Process child)
    {
        try
        {
            child.Kill(); // SIGKILL on Unix: no chance to flush or clean up, like a power cut for the process.
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
