using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Mash.Controller.Commissioning;
using Mash.Controller.Operational;
using Mash.Controller.State;
using Mash.Controller.Transport;
using Mash.Device.Host.Tests;
using Mash.Device.Host.Tests.EndToEnd;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;
using Xunit.Abstractions;

namespace Mash.Integration.Tests;

/// <summary>
/// Power cuts at random moments: mash-load is killed with SIGKILL while a controller commissions
/// it, removes a zone or renews a certificate. After every restart the zone table must be one of
/// the states the operation allows (before or after, never a mix, never a damaged record) and the
/// device must still pair. MASH_POWER_CUTS sets the cuts per operation (default 5, so a CI run
/// stays short; docs/hardening.md has a run with 100); MASH_POWER_CUT_SEED repeats a run.
/// </summary>
public sealed class PowerCutTests : IDisposable
{
    private const byte RootEndpoint = 0;
    private const byte DeviceInfo = 1;
    private const byte RemoveZoneCommand = 0x10;
    private const byte ListZonesCommand = 0x11;
    private const byte OpenWindowCommand = 0x12;
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(5);

    private readonly ITestOutputHelper _output;
    private readonly TempDirectory _dir = new();
    private readonly int _port = FreePort.Next();
    private readonly List<ControllerState> _states = [];
    private readonly Random _random;
    private readonly int _cuts;
    private MashLoadProcess? _device;
    private OnboardingCode? _code;
    private ControllerState? _admin;
    private DeviceRecord? _adminRecord;
    private int _boots;

    public PowerCutTests(ITestOutputHelper output)
    {
        _output = output;
        _cuts = EnvironmentNumber("MASH_POWER_CUTS", 5);
        int seed = EnvironmentNumber("MASH_POWER_CUT_SEED", Environment.TickCount & int.MaxValue);
        _random = new Random(seed);
        _output.WriteLine($"{_cuts} cuts, MASH_POWER_CUT_SEED={seed}");
    }

    public void Dispose()
    {
        _states.ForEach(s => s.Dispose());
        _device?.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Cut_during_commissioning_leaves_no_zone_or_a_whole_zone_and_the_device_still_pairs()
    {
        await StartWithAdmin();

        // The first pairing includes JIT compilation; cut within the time a warm one takes.
        TimeSpan pairing = await PairAndClearUp();
        var outcomes = new Tally();
        for (int i = 0; i < _cuts; i++)
        {
            await using (MashConnection admin = await ConnectAdmin())
            {
                await OpenWindow(admin);
            }

            ControllerState controller = NewController("cut");
            var commissioner = new Commissioner(controller) { PhaseTimeout = PhaseTimeout };
            bool finished = await CutDuring(
                async () => await (await commissioner.CommissionAsync(_code!, "::1", _port, ZoneType.HomeManager, null, default)).DisposeAsync(),
                pairing);

            int zones = Boot();
            Assert.InRange(zones, 1, 2);
            if (finished)
            {
                // The controller had the final answer, so the device had stored the zone before giving it.
                Assert.Equal(2, zones);
            }

            outcomes.Add(zones == 1 ? "no zone" : "whole zone", finished);
            pairing = await PairAndClearUp();
        }

        Report("commissioning", outcomes, pairing);
    }

    [Fact]
    public async Task Cut_during_zone_removal_leaves_the_zone_whole_or_gone_and_the_device_still_pairs()
    {
        await StartWithAdmin();
        TimeSpan removal = TimeSpan.Zero;
        for (int warm = 0; warm < 2; warm++)
        {
            // The second removal is timed: the first includes JIT compilation.
            (ControllerState _, DeviceRecord first, MashConnection firstSession) = await PairVictim();
            await using (firstSession)
            {
                removal = await Timed(() => Remove(firstSession, first.ZoneId));
            }
        }

        // A removal on loopback takes a few milliseconds (a flash write with fsync).
        removal = removal < TimeSpan.FromMilliseconds(2) ? TimeSpan.FromMilliseconds(2) : removal;

        var outcomes = new Tally();
        for (int i = 0; i < _cuts; i++)
        {
            (ControllerState victim, DeviceRecord record, MashConnection session) = await PairVictim();
            bool finished;
            bool forced = i % 2 == 1;
            await using (session)
            {
                // Alternately the zone removes itself, or the grid operator removes it by priority.
                MashConnection? admin = forced ? await ConnectAdmin() : null;
                try
                {
                    finished = await CutDuring(() => Remove(admin ?? session, record.ZoneId), removal);
                }
                finally
                {
                    if (admin is not null)
                    {
                        await admin.DisposeAsync();
                    }
                }
            }

            int zones = Boot();
            Assert.InRange(zones, 1, 2);
            if (finished)
            {
                Assert.Equal(1, zones);
            }

            if (zones == 2)
            {
                // Still whole: the zone's own controller gets in and is served.
                await using MashConnection again = await OperationalClient.ConnectAsync(victim, record);
                Assert.Equal(StatusCode.Success, (await again.RequestAsync(Operation.Read, RootEndpoint, DeviceInfo)).Status);
                await Remove(again, record.ZoneId);
            }

            outcomes.Add(zones == 2 ? "zone whole" : "zone gone", finished);
        }

        await PairAndClearUp();
        Report("zone removal", outcomes, removal);
    }

    [Fact]
    public async Task Cut_during_certificate_renewal_keeps_the_old_or_the_new_certificate_and_the_device_still_pairs()
    {
        await StartWithAdmin();
        (ControllerState victim, DeviceRecord record, MashConnection first) = await PairVictim();
        await first.DisposeAsync();
        uint sequence = 2;
        TimeSpan renewal = TimeSpan.Zero;
        for (int warm = 0; warm < 2; warm++)
        {
            // The second renewal is timed: the first includes JIT compilation.
            await using MashConnection session = await OperationalClient.ConnectAsync(victim, record);
            renewal = await Timed(async () => record = await CertificateRenewal.RenewAsync(session, victim, record, sequence++));
        }

        var outcomes = new Tally();
        for (int i = 0; i < _cuts; i++)
        {
            byte[] before = record.OperationalCertificate;
            DeviceRecord? renewed = null;
            bool finished;
            await using (MashConnection session = await OperationalClient.ConnectAsync(victim, record))
            {
                DeviceRecord current = record;
                uint next = sequence++;
                finished = await CutDuring(async () => renewed = await CertificateRenewal.RenewAsync(session, victim, current, next), renewal);
            }

            int zones = Boot();
            Assert.Equal(2, zones);

            // The device presents a certificate of our zone for a key it holds (TLS proves that):
            // the old one, or the new one it had stored whole before it died.
            byte[] presented = await PresentedCertificate(victim, record);
            bool kept = presented.AsSpan().SequenceEqual(before);
            if (renewed is not null)
            {
                Assert.Equal(renewed.OperationalCertificate, presented);
            }

            record = record with { OperationalCertificate = presented };
            victim.SaveDevice(record);
            await using (MashConnection again = await OperationalClient.ConnectAsync(victim, record))
            {
                Assert.Equal(StatusCode.Success, (await again.RequestAsync(Operation.Read, RootEndpoint, DeviceInfo)).Status);
            }

            outcomes.Add(kept ? "old certificate" : "new certificate", finished);
            await PairAndClearUp(keep: record.ZoneId);
        }

        Report("certificate renewal", outcomes, renewal);
    }

    private static int EnvironmentNumber(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : fallback;

    private static CborValue Command(byte id, CborMap? parameters = null)
    {
        var invoke = new CborMap();
        invoke.Set(1, CborValue.FromUInt64(id));
        invoke.Set(2, parameters is null ? CborValue.Null : CborValue.FromMap(parameters));
        return CborValue.FromMap(invoke);
    }

    private static async Task OpenWindow(MashConnection session) =>
        Assert.Equal(StatusCode.Success, (await session.RequestAsync(Operation.Invoke, RootEndpoint, DeviceInfo, Command(OpenWindowCommand))).Status);

    private static async Task Remove(MashConnection session, string zoneId)
    {
        Response removed = await session.RequestAsync(Operation.Invoke, RootEndpoint, DeviceInfo, Command(RemoveZoneCommand, new CborMap().Set("zoneId", CborValue.FromText(zoneId))));
        Assert.Equal(StatusCode.Success, removed.Status);
    }

    private static async Task<TimeSpan> Timed(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed;
    }

    private ControllerState NewController(string name)
    {
        ControllerState state = ControllerState.Open(Path.Combine(_dir.Path, $"{name}-{_states.Count}"));
        _states.Add(state);
        return state;
    }

    /// <summary>Starts (or restarts) mash-load and checks what it loaded; returns the zones in use.</summary>
    private int Boot()
    {
        _device?.Dispose();
        _device = MashLoadProcess.Start(_dir.Path, "--port", _port.ToString(CultureInfo.InvariantCulture));
        _boots++;
        _code ??= OnboardingCode.Parse(_device.WaitForStdout(l => l.StartsWith("MASH:", StringComparison.Ordinal)));
        string zones = _device.WaitForStdout(l => l.StartsWith("zones: ", StringComparison.Ordinal));
        _device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
        foreach (string line in _device.Stderr)
        {
            Assert.False(
                line.Contains("unreadable", StringComparison.Ordinal) || line.Contains("damaged", StringComparison.Ordinal)
                    || line.Contains("must be commissioned again", StringComparison.Ordinal),
                $"boot {_boots} found a damaged record: {line}");
        }

        Assert.EndsWith(" of 5", zones, StringComparison.Ordinal);
        return int.Parse(zones["zones: ".Length..zones.IndexOf(' ', "zones: ".Length)], CultureInfo.InvariantCulture);
    }

    /// <summary>Fresh device, paired by a grid operator (the highest priority, so it can remove any zone).</summary>
    private async Task StartWithAdmin()
    {
        Assert.Equal(0, Boot());
        _admin = NewController("admin");
        await using CommissioningResult result = await new Commissioner(_admin).CommissionAsync(_code!, "::1", _port, ZoneType.GridOperator, null, default);
        _adminRecord = result.Device;
    }

    private Task<MashConnection> ConnectAdmin() => OperationalClient.ConnectAsync(_admin!, _adminRecord!);

    private async Task<(ControllerState State, DeviceRecord Record, MashConnection Session)> PairVictim()
    {
        await using (MashConnection admin = await ConnectAdmin())
        {
            await OpenWindow(admin);
        }

        ControllerState victim = NewController("victim");
        CommissioningResult result = await new Commissioner(victim) { PhaseTimeout = PhaseTimeout }.CommissionAsync(_code!, "::1", _port, ZoneType.HomeManager, null, default);
        return (victim, result.Device, result.Connection);
    }

    /// <summary>Runs <paramref name="operation"/> and kills the device at a random moment within <paramref name="window"/>. True if the operation had completed by then.</summary>
    private async Task<bool> CutDuring(Func<Task> operation, TimeSpan window)
    {
        Task running = operation();
        TimeSpan delay = TimeSpan.FromTicks((long)(_random.NextDouble() * window.Ticks));
        await Task.WhenAny(running, Task.Delay(delay));
        bool finished = running.IsCompletedSuccessfully;
        _device!.Signal(9);
        _device.WaitForExit();
        try
        {
            await running.WaitAsync(TimeSpan.FromSeconds(30));
        }
#pragma warning disable CA1031 // The device died under the operation: any failure of it is expected; the device state is what is checked.
        catch (Exception ex) when (ex is not TimeoutException || running.IsCompleted)
#pragma warning restore CA1031
        {
        }

        return finished;
    }

    /// <summary>The certificate the device presents for the zone, accepting any that chains to the zone's CA.</summary>
    private static async Task<byte[]> PresentedCertificate(ControllerState state, DeviceRecord record)
    {
        MashConnectionOptions pinned = OperationalClient.CreateOptions(state, record);
        var options = new MashConnectionOptions(pinned.Host, pinned.Port)
        {
            ClientCertificate = pinned.ClientCertificate,
            ServerCertificateValidator = ServerCertificateValidators.ChainsTo(state.Zone!.Certificate),
            TargetHost = pinned.TargetHost,
            InitialMode = MashConnectionMode.Requests,
        };
        await using MashConnection connection = await MashConnection.ConnectAsync(options);
        return connection.PeerCertificate.RawData;
    }

    /// <summary>The device still pairs: a new controller commissions it; then every zone but the grid operator's (and <paramref name="keep"/>) is removed.</summary>
    private async Task<TimeSpan> PairAndClearUp(string? keep = null)
    {
        await using MashConnection admin = await ConnectAdmin();
        await OpenWindow(admin);
        ControllerState next = NewController("pairs");
        var watch = Stopwatch.StartNew();
        await using (CommissioningResult ok = await new Commissioner(next) { PhaseTimeout = PhaseTimeout }.CommissionAsync(_code!, "::1", _port, ZoneType.UserApp, null, default))
        {
            watch.Stop();
            Assert.True(ok.Connection.IsOpen);
        }

        Response list = await admin.RequestAsync(Operation.Invoke, RootEndpoint, DeviceInfo, Command(ListZonesCommand));
        Assert.True(list.Payload.TryGetValue("zones", out CborValue? zones));
        for (int i = 0; i < zones!.Count; i++)
        {
            Assert.True(zones[i].AsMap().TryGetValue("zoneId", out CborValue? id));
            string zoneId = id.AsText();
            if (zoneId != _adminRecord!.ZoneId && zoneId != keep)
            {
                await Remove(admin, zoneId);
            }
        }

        return watch.Elapsed;
    }

    private void Report(string operation, Tally outcomes, TimeSpan window)
    {
        string line = $"{operation}: {_cuts} cuts within {window.TotalMilliseconds:F0} ms windows, {_boots} boots, {outcomes}";
        _output.WriteLine(line);
        Console.WriteLine("power-cut " + line);
    }

    private sealed class Tally
    {
        private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);
        private int _completed;

        public void Add(string outcome, bool completedBeforeCut)
        {
            _counts[outcome] = _counts.GetValueOrDefault(outcome) + 1;
            _completed += completedBeforeCut ? 1 : 0;
        }

        public override string ToString()
        {
            var parts = new List<string>();
            foreach ((string outcome, int count) in _counts)
            {
                parts.Add($"{outcome} {count}");
            }

            return string.Join(", ", parts) + $" (operation completed before the cut: {_completed})";
        }
    }
}
