using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Mash.Controller.Commissioning;
using Mash.Controller.Operational;
using Mash.Controller.State;
using Mash.Controller.Transport;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Zones;

namespace Mash.Bench.SideBySide;

/// <summary>
/// Runs device binaries one after another on loopback and prints the same figures for each:
/// start to first accepted connection, idle and peak memory, boot CPU, pairing times, idle
/// wake-ups. <c>bench/side-by-side.sh</c> runs it in a private network namespace, so nothing a
/// device announces leaves the machine. Usage:
/// <c>side-by-side --device jit=PATH/mash-load.dll --device aot=PATH/mash-load [--reference PATH/mash-device] [--runs N] [--idle-seconds S]</c>.
/// </summary>
internal static class SideBySideBench
{
    private const int WarmPairings = 10;
    private const int IdleZones = 5;
    private static readonly TimeSpan IdleAfterBoot = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    // Boot-time work is over by then: mDNS probes and announcements (about 8 s) and the relays'
    // first switching after their minimum interval (10 s on host-sim).
    private static readonly TimeSpan BootSettle = TimeSpan.FromSeconds(15);
    private static int _port = 24000;
    private static readonly ZoneType[] ZoneTypes = [ZoneType.GridOperator, ZoneType.BuildingManager, ZoneType.HomeManager, ZoneType.UserApp, ZoneType.HomeManager];

    public static void Run(string[] args)
    {
        var devices = new List<DeviceUnderTest>();
        int runs = 5;
        int idleSeconds = 60;
        bool bootOnly = false;
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--boot-only")
            {
                bootOnly = true;
                continue;
            }

            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException(args[i] + " needs a value");
            switch (args[i])
            {
                case "--device":
                    int eq = value.IndexOf('=', StringComparison.Ordinal);
                    devices.Add(eq > 0 ? DeviceUnderTest.Ours(value[..eq], value[(eq + 1)..]) : DeviceUnderTest.Ours(Path.GetFileName(value), value));
                    break;
                case "--reference":
                    devices.Add(DeviceUnderTest.Reference(value));
                    break;
                case "--runs":
                    runs = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--idle-seconds":
                    idleSeconds = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException("unknown option " + args[i]);
            }

            i++;
        }

        if (devices.Count == 0)
        {
            Console.WriteLine("side-by-side: give --device NAME=PATH (mash-load or mash-load.dll) and optionally --reference PATH (mash-go's mash-device)");
            return;
        }

        // The reference announces on every interface it finds: only a network namespace of the
        // bench's own keeps that on this machine.
        if (devices.Any(d => d.IsReference) && !InPrivateNetworkNamespace())
        {
            throw new InvalidOperationException("the reference device multicasts on every interface: run this through bench/side-by-side.sh, which gives it a private network namespace");
        }

        string scratch = Directory.CreateTempSubdirectory("mash-side-by-side-").FullName;
        try
        {
            if (!bootOnly)
            {
                WarmUpClient(devices[0], scratch);
            }

            var results = devices.Select(d => (Device: d, Figures: new Figures())).ToList();
            MeasureBoots(results, scratch, runs);
            if (!bootOnly)
            {
                foreach ((DeviceUnderTest device, Figures figures) in results)
                {
                    Console.WriteLine($"-- {device.Name}: {device.Path}");
                    MeasurePairings(device, figures, scratch, runs);
                    MeasureIdle(device, scratch, NextPort(), idleSeconds, figures);
                }
            }

            Print(results, runs, idleSeconds);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// One pairing, not measured: this process's own TLS and SPAKE2+ code runs for the first time
    /// (JIT), which would otherwise be charged to the first device's first pairing.
    /// </summary>
    private static void WarmUpClient(DeviceUnderTest device, string scratch)
    {
        const int port = 23999;
        RunningDevice process = device.Start(port, DeviceUnderTest.FreshFolder(scratch));
        try
        {
            WaitForAccept(process, port, Stopwatch.StartNew());
            PaseClient.PairAsync(port).GetAwaiter().GetResult();
        }
        finally
        {
            process.Stop();
        }
    }

    private static bool InPrivateNetworkNamespace()
    {
        try
        {
            string? own = new FileInfo("/proc/self/ns/net").LinkTarget;
            return own is not null && own != new FileInfo("/proc/1/ns/net").LinkTarget;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static int NextPort() => ++_port;

    /// <summary>
    /// Boots of a device already set up, as every boot but its first is (one unmeasured first
    /// boot creates the identity and state the measured ones find). The devices take turns run by
    /// run, so a drift in the machine's state spreads over all of them.
    /// </summary>
    private static void MeasureBoots(List<(DeviceUnderTest Device, Figures Figures)> results, string scratch, int runs)
    {
        var folders = new Dictionary<DeviceUnderTest, string>();
        foreach ((DeviceUnderTest device, _) in results)
        {
            string data = DeviceUnderTest.FreshFolder(scratch);
            int port = NextPort();
            RunningDevice setup = device.Start(port, data);
            WaitForAccept(setup, port, Stopwatch.StartNew());
            setup.Stop();
            folders[device] = data;
        }

        for (int run = 0; run < runs; run++)
        {
            foreach ((DeviceUnderTest device, Figures f) in results)
            {
                int port = NextPort();
                TimeSpan cpuBefore = Native.ChildrenCpu();
                var sinceStart = Stopwatch.StartNew();
                RunningDevice process = device.Start(port, folders[device]);
                f.StartToAccept.Add(WaitForAccept(process, port, sinceStart));
                DeviceUnderTest.Pause(IdleAfterBoot);
                f.IdleRssKib.Add(ProcFs.StatusKib(process.Id, "VmRSS"));
                process.Stop();
                f.BootCpu.Add(Native.ChildrenCpu() - cpuBefore);
                Console.WriteLine($"   {device.Name} boot {run + 1}/{runs}: accept {Ms(f.StartToAccept[^1])}, idle RSS {f.IdleRssKib[^1] / 1024.0:F1} MiB, CPU {Ms(f.BootCpu[^1])}");
            }
        }
    }

    /// <summary>First pairing after boot, warm pairings, and for ours a full commissioning, on a fresh device each run.</summary>
    private static void MeasurePairings(DeviceUnderTest device, Figures f, string scratch, int runs)
    {
        for (int run = 0; run < runs; run++)
        {
            int port = NextPort();
            RunningDevice process = device.Start(port, DeviceUnderTest.FreshFolder(scratch));
            try
            {
                WaitForAccept(process, port, Stopwatch.StartNew());
                PairingTimes first = PaseClient.PairAsync(port).GetAwaiter().GetResult();
                f.FirstPairing.Add(first.Total);
                var warm = new List<PairingTimes>();
                for (int i = 0; i < WarmPairings; i++)
                {
                    // mash-load keeps its window open when a controller leaves after PASE; the reference closes it.
                    if (device.IsReference)
                    {
                        process.ReopenWindow();
                    }

                    warm.Add(PaseClient.PairAsync(port).GetAwaiter().GetResult());
                }

                f.WarmPairing.Add(Median(warm.Select(w => w.Total)));
                f.WarmPaseRoundTrips.Add(Median(warm.Select(w => w.PaseRoundTrips)));
                if (!device.IsReference)
                {
                    f.FullCommissioning.Add(CommissionAsync(port, ZoneType.HomeManager, Path.Combine(scratch, Guid.NewGuid().ToString("N"))).GetAwaiter().GetResult());
                }

                f.PeakRssKib.Add(ProcFs.StatusKib(process.Id, "VmHWM"));
                Console.WriteLine($"   pairing {run + 1}/{runs}: first {Ms(first.Total)}, warm {Ms(f.WarmPairing[^1])}"
                    + (device.IsReference ? string.Empty : $", full commissioning {Ms(f.FullCommissioning[^1])}") + $", peak RSS {f.PeakRssKib[^1] / 1024.0:F1} MiB");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new InvalidOperationException($"{device.Name}: pairing failed ({ex.Message}); its last lines:{Environment.NewLine}{process.LastErrors}", ex);
            }
            finally
            {
                process.Stop();
            }
        }
    }

    /// <summary>Wake-ups over a window with no connections, then with five idle ones held open.</summary>
    private static void MeasureIdle(DeviceUnderTest device, string scratch, int port, int idleSeconds, Figures f)
    {
        RunningDevice process = device.Start(port, DeviceUnderTest.FreshFolder(scratch));
        var held = new List<MashConnection>();
        try
        {
            WaitForAccept(process, port, Stopwatch.StartNew());
            f.WakeupsIdle = CountWakeups(process, BootSettle, idleSeconds);
            for (int zone = 0; zone < IdleZones; zone++)
            {
                held.Add(OpenIdleConnectionAsync(device, process, port, zone, scratch).GetAwaiter().GetResult());
            }

            f.WakeupsFiveConnections = CountWakeups(process, Settle, idleSeconds);
            Console.WriteLine($"   idle: {f.WakeupsIdle:F0} wake-ups/min with no connection, {f.WakeupsFiveConnections:F0} with {IdleZones} idle "
                + (device.IsReference ? "PASE connections" : "zone connections"));
        }
        finally
        {
            foreach (MashConnection c in held)
            {
                c.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            process.Stop();
        }
    }

    /// <summary>
    /// Ours: a zone commissioned and its operational (mutual TLS) connection held. The reference
    /// has no operational zones at this revision: a connection that completed PASE, held.
    /// </summary>
    private static async Task<MashConnection> OpenIdleConnectionAsync(DeviceUnderTest device, RunningDevice process, int port, int zone, string scratch)
    {
        // Each pairing closes the window; reopen it as an installer would.
        if (zone > 0)
        {
            process.ReopenWindow();
        }

        if (device.IsReference)
        {
            var options = MashConnectionOptions.ForCommissioning("::1", port);
            MashConnection connection = await MashConnection.ConnectAsync(options).ConfigureAwait(false);
            await PaseClient.PairOnAsync(connection).ConfigureAwait(false);
            return connection;
        }

        string stateFolder = Path.Combine(scratch, "zone-" + zone.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8]);
        using ControllerState state = ControllerState.Open(stateFolder);
        var commissioner = new Commissioner(state);
        DeviceRecord record;
        await using (CommissioningResult result = await commissioner.CommissionAsync(Code(), "::1", port, ZoneTypes[zone]).ConfigureAwait(false))
        {
            record = result.Device;
        }

        return await OperationalClient.ConnectAsync(state, record).ConfigureAwait(false);
    }

    private static async Task<TimeSpan> CommissionAsync(int port, ZoneType zoneType, string stateFolder)
    {
        using ControllerState state = ControllerState.Open(stateFolder);
        // A controller creates its Zone CA once, not per device: not part of the figure.
        state.EnsureZone(zoneType, DateTimeOffset.UtcNow);
        var commissioner = new Commissioner(state);
        var watch = Stopwatch.StartNew();
        await using CommissioningResult result = await commissioner.CommissionAsync(Code(), "::1", port, zoneType).ConfigureAwait(false);
        return watch.Elapsed;
    }

    private static OnboardingCode Code() =>
        OnboardingCode.Parse(string.Create(CultureInfo.InvariantCulture, $"MASH:1:{DeviceUnderTest.Discriminator}:{DeviceUnderTest.SetupCode}"));

    /// <summary>From process start until a TCP connection to the device's port is accepted.</summary>
    private static TimeSpan WaitForAccept(RunningDevice device, int port, Stopwatch sinceStart)
    {
        while (sinceStart.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Connect(System.Net.IPAddress.IPv6Loopback, port);
                return sinceStart.Elapsed;
            }
            catch (SocketException)
            {
                if (device.Process.HasExited)
                {
                    throw new InvalidOperationException($"the device exited with {device.Process.ExitCode} before it listened");
                }

                Thread.Sleep(1);
            }
        }

        throw new TimeoutException($"nothing accepted on port {port} within 30 s");
    }

    /// <summary>Voluntary context switches of all the device's threads, per minute, over the window.</summary>
    private static double CountWakeups(RunningDevice process, TimeSpan settle, int seconds)
    {
        DeviceUnderTest.Pause(settle);
        Dictionary<int, long> before = ProcFs.VoluntarySwitches(process.Id);
        DeviceUnderTest.Pause(TimeSpan.FromSeconds(seconds));
        Dictionary<int, long> after = ProcFs.VoluntarySwitches(process.Id);
        return ProcFs.WakeupsBetween(before, after) * 60.0 / seconds;
    }

    private static void Print(List<(DeviceUnderTest Device, Figures Figures)> results, int runs, int idleSeconds)
    {
        Figures? reference = results.FirstOrDefault(r => r.Device.IsReference).Figures;
        Console.WriteLine();
        Console.WriteLine($"medians of {runs} runs; wake-ups over {idleSeconds} s windows; ratios against the reference");
        Console.WriteLine("| figure | " + string.Join(" | ", results.Select(r => r.Device.Name)) + " |");
        Console.WriteLine("|---" + string.Concat(results.Select(_ => "|---")) + "|");
        Row("start to first accepted connection", results, f => MedianMs(f.StartToAccept), "ms", reference);
        Row("resident memory, idle", results, f => MedianOf(f.IdleRssKib) / 1024.0, "MiB", reference);
        Row("resident memory, peak after pairing", results, f => MedianOf(f.PeakRssKib) / 1024.0, "MiB", reference);
        Row("CPU: boot + 1.5 s idle + stop", results, f => MedianMs(f.BootCpu), "ms", reference);
        Row("TLS + PASE, device warm", results, f => MedianMs(f.WarmPairing), "ms", reference);
        Row("first pairing after boot", results, f => MedianMs(f.FirstPairing), "ms", reference);
        Row("first pairing / warm", results, f => MedianMs(f.FirstPairing) / MedianMs(f.WarmPairing), "x", null);
        Row("PASE round trips, warm (controller-side)", results, f => MedianMs(f.WarmPaseRoundTrips), "ms", reference);
        Row("full commissioning (CSR + certificate), warm", results, f => MedianMs(f.FullCommissioning), "ms", null);
        Row("wake-ups per minute, no connection", results, f => f.WakeupsIdle, "", null);
        Row($"wake-ups per minute, {IdleZones} idle connections", results, f => f.WakeupsFiveConnections, "", null);
    }

    private static void Row(string label, List<(DeviceUnderTest Device, Figures Figures)> results, Func<Figures, double> value, string unit, Figures? reference)
    {
        double? baseline = reference is null ? null : value(reference);
        var cells = new List<string>();
        foreach ((DeviceUnderTest device, Figures figures) in results)
        {
            double v = value(figures);
            string cell = double.IsNaN(v) ? "-" : string.Create(CultureInfo.InvariantCulture, $"{v:0.#} {unit}").TrimEnd();
            if (baseline is double b && !device.IsReference && !double.IsNaN(v) && b > 0)
            {
                cell += string.Create(CultureInfo.InvariantCulture, $" ({v / b:0.0}x)");
            }

            cells.Add(cell);
        }

        Console.WriteLine($"| {label} | " + string.Join(" | ", cells) + " |");
    }

    private static string Ms(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:F1} ms");

    private static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        TimeSpan[] sorted = values.Order().ToArray();
        return sorted.Length == 0 ? TimeSpan.Zero : sorted[sorted.Length / 2];
    }

    private static double MedianMs(List<TimeSpan> values) => values.Count == 0 ? double.NaN : Median(values).TotalMilliseconds;

    private static double MedianOf(IEnumerable<long> values)
    {
        long[] sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }

    /// <summary>Every sample of one device, kept until the table is printed.</summary>
    private sealed class Figures
    {
        public List<TimeSpan> StartToAccept { get; } = [];

        public List<long> IdleRssKib { get; } = [];

        public List<long> PeakRssKib { get; } = [];

        public List<TimeSpan> BootCpu { get; } = [];

        public List<TimeSpan> FirstPairing { get; } = [];

        public List<TimeSpan> WarmPairing { get; } = [];

        public List<TimeSpan> WarmPaseRoundTrips { get; } = [];

        public List<TimeSpan> FullCommissioning { get; } = [];

        public double WakeupsIdle { get; set; } = double.NaN;

        public double WakeupsFiveConnections { get; set; } = double.NaN;
    }
}
