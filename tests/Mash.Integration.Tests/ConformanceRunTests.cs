using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using System.Xml.Linq;
using Mash.Controller.Conformance;
using Mash.Device.Host.Tests;
using Mash.Device.Host.Tests.EndToEnd;
using Mash.Protocol.Pics;

namespace Mash.Integration.Tests;

/// <summary>
/// <c>mashctl conformance run</c> against a fresh mash-load started with a fixed setup code and a
/// test event key, as a lab would run it.
/// </summary>
public sealed class ConformanceRunTests : IDisposable
{
    private const string SetupCode = "20252026";
    private const string TestEventKey = "5a17c0de5a17c0de5a17c0de5a17c0de";
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(5);

    private readonly TempDirectory _dir = new();
    private readonly int _port = FreePort.Next();
    private MashLoadProcess? _device;

    public void Dispose()
    {
        _device?.Dispose();
        _dir.Dispose();
    }

    /// <summary>
    /// Two full runs in a row against one device: the first removes the zones it created and leaves
    /// the window open, so the second starts from the same state and passes too (about a minute each).
    /// </summary>
    [Fact]
    public async Task Every_case_the_shipped_pics_selects_passes_within_five_minutes_twice_in_a_row_and_the_junit_report_lists_them()
    {
        StartDevice();
        string junit = Path.Combine(_dir.Path, "conformance.xml");
        var clock = Stopwatch.StartNew();

        (int exit, string stdout, string stderr) = await RunAsync("--junit", junit);

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}\n--- device log ---\n{string.Join("\n", _device!.Stderr.TakeLast(60))}");
        Assert.True(clock.Elapsed < RunLimit, $"the run took {clock.Elapsed}");
        Assert.Contains("cleanup: zone main removed", stderr, StringComparison.Ordinal);
        AssertEveryCasePassed(junit, stdout);

        string again = Path.Combine(_dir.Path, "conformance-again.xml");
        (exit, stdout, stderr) = await RunAsync("--junit", again);

        Assert.True(exit == 0, $"second run: exit {exit}\n{stdout}\n{stderr}\n--- device log ---\n{string.Join("\n", _device!.Stderr.TakeLast(60))}");
        AssertEveryCasePassed(again, stdout);
    }

    [Fact]
    public async Task A_device_holding_a_zone_of_another_controller_with_its_window_closed_stops_the_run_with_one_line_and_exit_2()
    {
        StartDevice();
        string payload = _device!.WaitForStdout(l => l.StartsWith("MASH:", StringComparison.Ordinal));
        (int code, _, string commissionErr) = await Mashctl.RunAsync(
            "--state", Path.Combine(_dir.Path, "other-controller"), "commission", payload, "--address", "[::1]:" + _port.ToString(CultureInfo.InvariantCulture));
        Assert.True(code == 0, commissionErr);

        (int exit, string stdout, string stderr) = await RunAsync();

        Assert.True(exit == 2, $"exit {exit}\n{stdout}\n{stderr}");
        string line = Assert.Single(stderr.Split('\n'), l => l.StartsWith("mashctl: ", StringComparison.Ordinal));
        Assert.Contains("holds zones this run cannot use", line, StringComparison.Ordinal);
        Assert.Contains("--factory-reset", line, StringComparison.Ordinal);
        Assert.Contains("--open-window-command", line, StringComparison.Ordinal);
        Assert.DoesNotContain("PASS", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// The cases that used to lean on earlier ones (zone "main" commissioned by TC-COMM-1, the window
    /// closed by it) pass alone against a fresh device. Every case alone is a manual loop (conformance/README.md).
    /// </summary>
    [Theory]
    [InlineData("TC-COMM-WINDOW-CLOSED")]
    [InlineData("TC-ZONE-REMOVE-2")]
    [InlineData("TC-ZONE-REMOVE-1")]
    [InlineData("TC-ZONE-3")]
    public async Task A_case_that_used_to_depend_on_the_order_passes_alone_against_a_fresh_device(string id)
    {
        StartDevice();

        (int exit, string stdout, string stderr) = await RunAsync("--filter", id);

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("PASS  " + id, stdout, StringComparison.Ordinal);
        Assert.Contains("1 passed, 0 failed, 0 skipped", stdout, StringComparison.Ordinal);
    }

    private static void AssertEveryCasePassed(string junit, string stdout)
    {
        PicsFile pics = PicsFile.Load(PicsDeclarationTests.ShippedPath);
        string[] selected = ConformanceCatalog.LoadEmbedded().Where(c => ConformanceRunner.IsSelected(c, pics, out _)).Select(c => c.Id).ToArray();
        Assert.True(selected.Length >= 30, $"only {selected.Length} cases selected");

        XElement suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.Equal("0", suite.Attribute("failures")!.Value);
        var passed = suite.Elements("testcase")
            .Where(t => t.Element("failure") is null && t.Element("skipped") is null)
            .Select(t => t.Attribute("name")!.Value.Split(':')[0])
            .ToList();
        var skipped = suite.Elements("testcase").Where(t => t.Element("skipped") is { } s && s.Attribute("type")!.Value == ConformanceReport.CannotRunType).ToList();

        // Every selected case ran and passed; only the key exchange cases may skip (no openssl on the machine).
        foreach (string id in selected)
        {
            Assert.True(passed.Contains(id) || (id.StartsWith("TC-TLS-KX", StringComparison.Ordinal) && skipped.Count > 0), $"{id} did not pass:\n{stdout}");
        }

        Assert.Contains("0 failed", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_pics_is_refused_before_anything_is_sent()
    {
        string broken = Path.Combine(_dir.Path, "broken.pics");
        File.WriteAllText(broken, File.ReadAllText(PicsDeclarationTests.ShippedPath).Replace("MASH.S.TRANS.PORT=8443", "MASH.S.TRANS.PORT=9999", StringComparison.Ordinal));

        (int exit, _, string stderr) = await Mashctl.RunAsync(
            "conformance", "run", "--address", "[::1]:" + _port.ToString(CultureInfo.InvariantCulture), "--setup-code", SetupCode, "--pics", broken);

        Assert.Equal(1, exit);
        Assert.Contains("broken.pics:", stderr, StringComparison.Ordinal);
        Assert.Contains("MASH.S.TRANS.PORT=9999 is not allowed", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_that_does_not_do_what_its_pics_declares_fails_the_matching_cases_and_the_run_exits_4()
    {
        StartDevice();
        string lying = Path.Combine(_dir.Path, "lying.pics");
        File.WriteAllText(lying, File.ReadAllText(PicsDeclarationTests.ShippedPath)
            .Replace("MASH.S.TRANS.TLS_AES_256_GCM=1", "MASH.S.TRANS.TLS_AES_256_GCM=0", StringComparison.Ordinal)
            .Replace("MASH.S.SUB.HEARTBEAT_CONTENT=\"empty\"", "MASH.S.SUB.HEARTBEAT_CONTENT=\"full\"", StringComparison.Ordinal));

        // The device still offers AES-256-GCM, which this PICS says it does not.
        (int exit, string stdout, _) = await RunAsync("--pics", lying, "--filter", "TC-TLS-CIPHER-ABSENT-AES256");
        Assert.Equal(4, exit);
        Assert.Contains("FAIL  TC-TLS-CIPHER-ABSENT-AES256", stdout, StringComparison.Ordinal);
        Assert.Contains("the device accepted", stdout, StringComparison.Ordinal);

        // Its heartbeats are empty, not full.
        (exit, stdout, _) = await RunAsync("--pics", lying, "--filter", "TC-SUB-004");
        Assert.Equal(4, exit);
        Assert.Contains("FAIL  TC-SUB-004-FULL", stdout, StringComparison.Ordinal);
        Assert.Contains("2 missing", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_zone_cases_also_run_when_the_labs_own_command_opens_the_window()
    {
        StartDevice();
        string press = "kill -USR1 " + _device!.Id.ToString(CultureInfo.InvariantCulture);

        (int exit, string stdout, string stderr) = await RunAsync("--filter", "TC-ZONE-3", "--open-window-command", press);

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("PASS  TC-ZONE-3", stdout, StringComparison.Ordinal);
        Assert.Contains("1 passed, 0 failed", stdout, StringComparison.Ordinal);
        _device.WaitForStderr(l => l.Contains("(button)", StringComparison.Ordinal));
    }

    /// <summary>
    /// A device that breaks one rule on purpose (the hidden lab option <c>mash-load --break FAULT</c>)
    /// must fail the case that checks it. The run is filtered to that case to keep CI short.
    /// </summary>
    [Theory]
    [InlineData("ping", "TC-KEEPALIVE-PONG")]
    [InlineData("zero-length-frame", "TC-FRAME-4")]
    public async Task A_deliberately_broken_device_fails_the_cases_that_check_the_broken_rule_and_the_run_exits_4(string fault, string failing)
    {
        StartDevice("--break", fault);
        _device!.WaitForStderr(l => l.Contains("BROKEN: " + fault, StringComparison.Ordinal));
        string junit = Path.Combine(_dir.Path, "conformance.xml");

        (int exit, string stdout, string stderr) = await RunAsync("--junit", junit, "--filter", failing);

        Assert.True(exit == 4, $"exit {exit}\n{stdout}\n{stderr}");
        List<string> failed = XDocument.Load(junit).Root!.Element("testsuite")!.Elements("testcase")
            .Where(t => t.Element("failure") is not null)
            .Select(t => t.Attribute("name")!.Value.Split(':')[0])
            .ToList();
        foreach (string id in failing.Split(','))
        {
            Assert.Contains(id, failed);
        }
    }

    private void StartDevice(params string[] extra)
    {
        string[] args = ["--port", _port.ToString(CultureInfo.InvariantCulture), "--setup-code", SetupCode, "--test-event-key", TestEventKey, .. extra];
        _device = MashLoadProcess.Start(_dir.Path, args);
        _device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] extra)
    {
        string[] pics = extra.Contains("--pics") ? [] : ["--pics", PicsDeclarationTests.ShippedPath];
        string[] args =
        [
            "conformance", "run",
            "--address", "[::1]:" + _port.ToString(CultureInfo.InvariantCulture),
            "--setup-code", SetupCode,
            "--test-event-key", TestEventKey,
            .. pics,
            .. extra,
        ];
        return Mashctl.RunAsync(RunLimit, args);
    }
}
