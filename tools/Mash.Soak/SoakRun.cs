using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Soak;

/// <summary>
/// The soak run: a fresh mash-load, five zones paired in turn (each reopening the window for the
/// next), each subscribed to Measurement and EnergyControl at minInterval 0. Then, in parallel
/// until the duration has passed and the cycles are done: a limit loop (every change must reach
/// all five subscriptions: a value that does not is a lost report), connect/disconnect cycles
/// with abrupt kills, and wrong-code commissioning attempts. Resident memory is read at the start
/// and the end of that phase; the run fails if it grew beyond the bound, a report was lost, a
/// zone lost its connection, the device died, or a device callback threw.
/// </summary>
internal sealed class SoakRun(SoakOptions options)
{
    // Rounds of limits (mW): the zones in turn lower their limit from 8 kW to 1 kW in 37 W steps,
    // so each new limit is the most restrictive and becomes the effective one; then they clear
    // their limits one by one, which raises the effective limit back up to none. The simulated
    // 6 kW load switches its stages on the way, so Measurement reports too.
    private const long HighestLimit = 8_000_000;
    private const long LowestLimit = 1_000_000;
    private const long LimitStep = 37_000;
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(5);
    private static readonly ZoneType[] ZoneTypes =
        [ZoneType.GridOperator, ZoneType.BuildingManager, ZoneType.HomeManager, ZoneType.UserApp, ZoneType.UserApp];

    private readonly List<ZoneClient> _zones = [];
    private readonly List<long?> _expectedReports = [];
    private readonly Dictionary<ZoneClient, long> _limitModel = [];
    private long? _expectedLimit;
    private int _limitChanges;
    private readonly List<string> _failures = [];
    private readonly List<(TimeSpan At, ProcessMemory Memory, long? LiveHeapKiB)> _samples = [];
    private long _nextLimit = HighestLimit;
    private int _lost;

    public async Task<bool> RunAsync()
    {
        string directory = Path.Combine(Path.GetTempPath(), "mash-soak-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        int port = FreePort();
        Console.WriteLine($"mash-soak: device data and logs in {directory}, port {port}");

        // The device is stopped (and its log closed) before the folder may be deleted.
        using (DeviceProcess device = DeviceProcess.Start(options.MashLoad, directory, port))
        {
            await DriveAsync(device, directory, port);
        }

        foreach (string failure in _failures)
        {
            Console.WriteLine("FAIL " + failure);
        }

        Console.WriteLine(_failures.Count == 0 ? "mash-soak: PASS" : $"mash-soak: FAIL ({_failures.Count} problems)");
        if (!options.Keep && _failures.Count == 0)
        {
            Directory.Delete(directory, recursive: true);
        }

        return _failures.Count == 0;
    }

    private async Task DriveAsync(DeviceProcess device, string directory, int port)
    {
        try
        {
            device.WaitUntilRunning(TimeSpan.FromSeconds(30));
            var code = OnboardingCode.Parse(device.WaitForStdout("MASH:", TimeSpan.FromSeconds(5)));
            using var wrongCodes = new WrongCodeLoop(directory, code, port);
            ProcessMemory idle = ProcessMemory.Read(device.Id);
            await PairZonesAsync(directory, code, port, wrongCodes);
            ProcessMemory paired = ProcessMemory.Read(device.Id);
            Console.WriteLine($"mash-soak: idle {idle}; five zones paired and subscribed {paired}");

            var churn = new ConnectionChurn(port, options.Cycles);
            (TimeSpan elapsed, ProcessMemory start) = await RunLoadAsync(device, churn, wrongCodes);

            // Quiet for a moment, then one more change must still reach everyone.
            await Task.Delay(TimeSpan.FromSeconds(3));
            ChangeLimit();
            ProcessMemory end = ProcessMemory.Read(device.Id);
            Check(device, churn, wrongCodes, start, end);
            PrintReport(device, churn, wrongCodes, idle, paired, start, end, elapsed);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or IOException)
        {
            _failures.Add($"run aborted: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            foreach (ZoneClient zone in _zones)
            {
                await zone.DisposeAsync();
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.IPv6Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task PairZonesAsync(string directory, OnboardingCode code, int port, WrongCodeLoop wrongCodes)
    {
        for (int i = 0; i < ZoneTypes.Length; i++)
        {
            if (i == ZoneTypes.Length - 1)
            {
                // With room for a zone the window is open, so wrong codes reach PASE and meet
                // the back-off; with five zones the device refuses them before PASE.
                for (int attempt = 0; attempt < 6; attempt++)
                {
                    await wrongCodes.AttemptAsync("four zones", CancellationToken.None);
                    await Task.Delay(TimeSpan.FromSeconds(1.5));
                }
            }

            ZoneClient zone = await PairPatientlyAsync(directory, $"zone-{i + 1}", code, port, ZoneTypes[i]);
            _zones.Add(zone);
            await zone.SubscribeAsync();
            if (i < ZoneTypes.Length - 1)
            {
                // Commissioning closed the window; a paired zone opens it for the next controller.
                Response opened = await zone.OpenWindowAsync();
                if (opened.Status != StatusCode.Success)
                {
                    throw new InvalidOperationException($"{zone.Name} could not reopen the commissioning window: {opened.Status}");
                }
            }

            Console.WriteLine($"mash-soak: {zone.Name} ({ZoneTypes[i]}) paired, zone {zone.Record.ZoneId}, subscribed");
        }
    }

    /// <summary>Pairs with the right code, waiting out a back-off the wrong codes caused.</summary>
    private static async Task<ZoneClient> PairPatientlyAsync(string directory, string name, OnboardingCode code, int port, ZoneType type)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await ZoneClient.PairAsync(directory, name, code, port, type);
            }
            catch (Mash.Controller.Commissioning.CommissioningException ex)
                when (ex.ErrorCode == Mash.Protocol.Commissioning.CommissioningErrorCode.WindowClosed && attempt < 30)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>
    /// All loops at once. The first quarter of the duration (at most 30 s) is warm-up: the
    /// baseline is taken after it, with every code path compiled and the heap at its working size.
    /// </summary>
    private async Task<(TimeSpan Elapsed, ProcessMemory Baseline)> RunLoadAsync(DeviceProcess device, ConnectionChurn churn, WrongCodeLoop wrongCodes)
    {
        using var stop = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        Task limits = Task.Factory.StartNew(() => LimitLoop(stop.Token), TaskCreationOptions.LongRunning);
        Task cycles = churn.RunAsync(stop.Token);
        Task attempts = wrongCodes.RunAsync("five zones", async () => await _zones[0].OpenWindowAsync(), stop.Token);
        TimeSpan warmUp = options.Duration / 4 < TimeSpan.FromSeconds(30) ? options.Duration / 4 : TimeSpan.FromSeconds(30);
        TimeSpan hardStop = options.Duration * 3;
        TimeSpan nextSample = TimeSpan.Zero;
        ProcessMemory? baseline = null;
        while (!device.HasExited && (watch.Elapsed < options.Duration || !cycles.IsCompleted) && watch.Elapsed < hardStop)
        {
            if (baseline is null && watch.Elapsed >= warmUp)
            {
                baseline = ProcessMemory.Read(device.Id);
                Console.WriteLine($"mash-soak: baseline after {warmUp.TotalSeconds:F0} s of load {baseline}");
            }

            if (watch.Elapsed >= nextSample)
            {
                _samples.Add((watch.Elapsed, ProcessMemory.Read(device.Id), device.LiveHeapKiB));
                nextSample += TimeSpan.FromSeconds(15);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        await stop.CancelAsync();
        await Task.WhenAll(limits, cycles.ContinueWith(_ => { }, TaskScheduler.Default), attempts);
        return (watch.Elapsed, baseline ?? ProcessMemory.Read(device.Id));
    }

    private void LimitLoop(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            ChangeLimit();
            Thread.Sleep(10); // leave room for the other loops on a small machine
        }
    }

    /// <summary>
    /// One limit change: the next zone in turn sets a lower limit, or, at the bottom of a round,
    /// every zone clears its own. Whenever the effective limit changes, every zone must be told.
    /// </summary>
    private void ChangeLimit()
    {
        if (_nextLimit < LowestLimit)
        {
            foreach (ZoneClient zone in _zones)
            {
                Apply(zone, null);
            }

            _nextLimit = HighestLimit;
            return;
        }

        Apply(_zones[_limitChanges % _zones.Count], _nextLimit);
        _nextLimit -= LimitStep;
    }

    private void Apply(ZoneClient zone, long? milliwatts)
    {
        Response answer = (milliwatts is { } value ? zone.SetLimitAsync(value) : zone.ClearLimitAsync()).GetAwaiter().GetResult();
        _limitChanges++;
        if (answer.Status != StatusCode.Success)
        {
            _failures.Add($"{zone.Name}: {(milliwatts is null ? "clearLimit" : $"setLimit {milliwatts} mW")} answered {answer.Status}");
            return;
        }

        if (milliwatts is { } set)
        {
            _limitModel[zone] = set;
        }
        else
        {
            _limitModel.Remove(zone);
        }

        long? effective = null;
        foreach (long limit in _limitModel.Values)
        {
            effective = effective is null || limit < effective ? limit : effective;
        }

        if (effective == _expectedLimit)
        {
            return;
        }

        _expectedLimit = effective;
        _expectedReports.Add(effective);
        foreach (ZoneClient each in _zones)
        {
            if (!each.WaitForLimit(effective, ReportTimeout))
            {
                _lost++;
                _failures.Add($"{each.Name}: no report of the effective limit {effective?.ToString(CultureInfo.InvariantCulture) ?? "none"} within {ReportTimeout.TotalSeconds:F0} s");
            }
        }
    }

    private void Check(DeviceProcess device, ConnectionChurn churn, WrongCodeLoop wrongCodes, ProcessMemory start, ProcessMemory end)
    {
        if (device.HasExited)
        {
            _failures.Add("mash-load exited during the run");
        }

        foreach (ZoneClient zone in _zones)
        {
            if (!zone.Connection.IsOpen)
            {
                _failures.Add($"{zone.Name} lost its connection");
            }

            IReadOnlyList<long?> reported = zone.ReportedLimits;
            if (reported.Count != _expectedReports.Count || !SameSequence(reported, _expectedReports))
            {
                _failures.Add($"{zone.Name}: {reported.Count} effective-limit reports for {_expectedReports.Count} changes, or out of order");
            }
        }

        if (churn.Completed < options.Cycles)
        {
            _failures.Add($"only {churn.Completed} of {options.Cycles} connect/disconnect cycles completed");
        }

        if (wrongCodes.Succeeded > 0)
        {
            _failures.Add($"{wrongCodes.Succeeded} commissioning attempts with a wrong setup code succeeded");
        }

        foreach ((string problem, int count) in device.Problems)
        {
            if (problem.Contains("callback threw", StringComparison.Ordinal))
            {
                _failures.Add($"device: {problem} ({count}x)");
            }
        }

        long growth = end.RssKiB - start.RssKiB;
        if (growth > options.RssBoundKiB)
        {
            _failures.Add($"resident memory grew by {growth / 1024.0:F1} MiB, bound {options.RssBoundKiB / 1024.0:F0} MiB");
        }
    }

    private static bool SameSequence(IReadOnlyList<long?> a, List<long?> b)
    {
        for (int i = 0; i < a.Count; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    private void PrintReport(DeviceProcess device, ConnectionChurn churn, WrongCodeLoop wrongCodes, ProcessMemory idle, ProcessMemory paired, ProcessMemory start, ProcessMemory end, TimeSpan elapsed)
    {
        Console.WriteLine();
        Console.WriteLine($"load phase            {elapsed.TotalSeconds:F0} s");
        Console.WriteLine($"memory idle           {idle}");
        Console.WriteLine($"memory, 5 zones       {paired}");
        Console.WriteLine($"memory at baseline    {start}");
        Console.WriteLine($"memory at end         {end}");
        Console.WriteLine($"growth                {(end.RssKiB - start.RssKiB) / 1024.0:F1} MiB (bound {options.RssBoundKiB / 1024.0:F0} MiB)");
        foreach ((TimeSpan at, ProcessMemory memory, long? heap) in _samples)
        {
            Console.WriteLine($"  at {at.TotalSeconds,4:F0} s            {memory}, live managed heap {(heap is { } kib ? $"{kib / 1024.0:F1} MiB" : "not known yet")}");
        }

        Console.WriteLine($"live managed heap     {(device.LiveHeapKiB is { } last ? $"{last / 1024.0:F1} MiB" : "not reported")} at end (from the device's health line every {DeviceProcess.HealthIntervalSeconds} s)");

        long measurement = 0, heartbeats = 0;
        foreach (ZoneClient zone in _zones)
        {
            measurement += zone.MeasurementReports;
            heartbeats += zone.Heartbeats;
        }

        Console.WriteLine($"limit commands        {_limitChanges}; effective limit changed {_expectedReports.Count} times, each to be reported to 5 zones: {_expectedReports.Count * 5L - _lost} reported, {_lost} lost");
        Console.WriteLine($"measurement reports   {measurement} (heartbeats {heartbeats})");
        Console.WriteLine($"connection cycles     {churn.Completed} ({churn.Abrupt} abrupt kills), {churn.Refused} refused for a busy slot and retried");
        Console.WriteLine($"wrong-code attempts   {wrongCodes.Attempts}");
        foreach ((string outcome, int count) in wrongCodes.Outcomes)
        {
            Console.WriteLine($"  {count,6}  {outcome}");
        }

        Console.WriteLine("device warnings and errors:");
        foreach ((string problem, int count) in device.Problems)
        {
            Console.WriteLine($"  {count,6}  {problem}");
        }
    }
}
