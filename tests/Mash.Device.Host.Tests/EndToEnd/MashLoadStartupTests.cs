using System;
using System.IO;
using System.Linq;
using Mash.Protocol.Onboarding;

namespace Mash.Device.Host.Tests.EndToEnd;

/// <summary>mash-load started as a process, the way the README tells a new user to.</summary>
public sealed class MashLoadStartupTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Starts_with_no_arguments_prints_identity_codes_and_qr_then_stops_cleanly_on_sigterm()
    {
        using var device = MashLoadProcess.Start(_dir.Path, "--port", "18443");
        string payloadLine = device.WaitForStdout(l => l.StartsWith("MASH:", StringComparison.Ordinal));
        device.WaitForStdout(l => l.Contains('█', StringComparison.Ordinal)); // the terminal QR code, after the payload
        device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));

        QrPayload qr = QrPayload.Parse(payloadLine);
        string[] stdout = device.Stdout.ToArray();
        Assert.Contains($"discriminator: {qr.Discriminator}", stdout);
        Assert.Contains($"setup-code: {qr.SetupCode}", stdout);
        Assert.Contains($"manual-code: {ManualCode.Format(qr.Discriminator, qr.SetupCode)}", stdout);
        Assert.Contains(stdout, l => l.StartsWith("device-id: ", StringComparison.Ordinal) && l.Length == "device-id: ".Length + 16);
        Assert.True(Directory.Exists(Path.Combine(_dir.Path, "mash-data")));

        device.Signal();
        Assert.Equal(0, device.WaitForExit(TimeSpan.FromSeconds(15))); // typically ~20 ms; generous for a loaded CI machine
        Assert.Contains(device.Stderr, l => l.Contains("shutting down", StringComparison.Ordinal));
    }

    [Fact]
    public void Identity_survives_a_restart_and_a_kill_is_reported_as_an_unclean_reset()
    {
        string first;
        using (var device = MashLoadProcess.Start(_dir.Path, "--port", "18444"))
        {
            first = device.WaitForStdout(l => l.StartsWith("device-id: ", StringComparison.Ordinal));
            device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
            device.Signal(9); // power cut
            device.WaitForExit();
        }

        using var again = MashLoadProcess.Start(_dir.Path, "--port", "18444");
        Assert.Equal(first, again.WaitForStdout(l => l.StartsWith("device-id: ", StringComparison.Ordinal)));
        again.WaitForStderr(l => l.Contains("reset reason: unclean", StringComparison.Ordinal));
        again.Signal();
        Assert.Equal(0, again.WaitForExit());
    }

    [Fact]
    public void Fixed_onboarding_values_from_the_command_line_are_printed_and_weak_codes_need_an_override()
    {
        (int refused, MashLoadProcess r) = MashLoadProcess.RunToExit(_dir.Path, "--setup-code", "12345678");
        using (r)
        {
            Assert.NotEqual(0, refused);
            Assert.Contains(r.Stderr, l => l.Contains("--allow-weak-code", StringComparison.Ordinal));
        }

        using var device = MashLoadProcess.Start(_dir.Path, "--port", "18445", "--setup-code", "12345678", "--allow-weak-code", "--discriminator", "1234");
        Assert.Equal("MASH:1:1234:12345678", device.WaitForStdout(l => l.StartsWith("MASH:", StringComparison.Ordinal)));
        device.Signal();
        Assert.Equal(0, device.WaitForExit());
    }

    [Fact]
    public void A_malformed_board_file_gives_a_reason_naming_the_field_and_exit_code_2()
    {
        string board = Path.Combine(_dir.Path, "broken.json");
        string json = File.ReadAllText(RepoPaths.Board("host-sim"))
            .Replace("\"pin\": 27", "\"pin\": \"x\"", StringComparison.Ordinal)
            .Replace("\"name\": \"host-sim\"", "\"name\": \"broken\"", StringComparison.Ordinal);
        File.WriteAllText(board, json);

        (int code, MashLoadProcess p) = MashLoadProcess.RunToExit(_dir.Path, "--board", board);
        using (p)
        {
            Assert.Equal(ExitCodes.BadBoard, code);
            string reason = Assert.Single(p.Stderr, l => l.StartsWith("mash-load: ", StringComparison.Ordinal));
            Assert.Contains("relays[1].pin", reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unusable_data_folder_gives_a_reason_and_exit_code_3()
    {
        string file = Path.Combine(_dir.Path, "not-a-folder");
        File.WriteAllText(file, "x");
        (int code, MashLoadProcess p) = MashLoadProcess.RunToExit(_dir.Path, "--data", file);
        using (p)
        {
            Assert.Equal(ExitCodes.BadData, code);
            Assert.Contains(p.Stderr, l => l.Contains("unusable", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_damaged_identity_stops_the_boot_until_a_factory_reset()
    {
        string data = Path.Combine(_dir.Path, "mash-data");
        using (var device = MashLoadProcess.Start(_dir.Path, "--port", "18446"))
        {
            device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
            device.Signal();
            device.WaitForExit();
        }

        string record = Path.Combine(data, "identity.rec");
        byte[] bytes = File.ReadAllBytes(record);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(record, bytes);

        (int code, MashLoadProcess p) = MashLoadProcess.RunToExit(_dir.Path, "--port", "18446");
        using (p)
        {
            Assert.Equal(ExitCodes.BadData, code);
            Assert.Contains(p.Stderr, l => l.Contains("--factory-reset", StringComparison.Ordinal));
        }

        using var reset = MashLoadProcess.Start(_dir.Path, "--port", "18446", "--factory-reset");
        reset.WaitForStdout(l => l.StartsWith("MASH:", StringComparison.Ordinal));
        reset.Signal();
        Assert.Equal(0, reset.WaitForExit());
    }

    [Theory]
    [InlineData("--port", "0")]
    [InlineData("--port", "70000")]
    [InlineData("--log-level", "loud")]
    [InlineData("--discriminator", "4096")]
    [InlineData("--setup-code", "1234")]
    [InlineData("--health-interval", "-1")]
    public void Bad_options_are_refused_with_a_non_zero_exit(string option, string value)
    {
        (int code, MashLoadProcess p) = MashLoadProcess.RunToExit(_dir.Path, option, value);
        using (p)
        {
            Assert.NotEqual(0, code);
            Assert.Contains(p.Stderr, l => l.Contains(option, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_health_line_reports_uptime_heap_connections_and_zones_at_the_chosen_interval()
    {
        using var device = MashLoadProcess.Start(_dir.Path, "--port", "18449", "--health-interval", "1");
        string first = device.WaitForStderr(l => l.Contains(" health: uptime ", StringComparison.Ordinal));
        string second = device.WaitForStderr(l => l.Contains(" health: uptime ", StringComparison.Ordinal) && l != first);

        Assert.Contains("connections 0 of 6, zones 0 of 5", second, StringComparison.Ordinal);
        Assert.Matches(@"(live heap \d+ KiB after GC #\d+|live heap not known yet)", second);
        device.Signal();
        Assert.Equal(0, device.WaitForExit());
    }

    [Fact]
    public void The_button_signals_open_the_window_and_factory_reset_in_place()
    {
        using var device = MashLoadProcess.Start(_dir.Path, "--port", "18447");
        string first = device.WaitForStdout(l => l.StartsWith("device-id: ", StringComparison.Ordinal));
        device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));

        device.Signal(10); // SIGUSR1: a short press
        device.WaitForStderr(l => l.Contains("(button)", StringComparison.Ordinal));

        device.Signal(12); // SIGUSR2: a long press
        device.WaitForStderr(l => l.Contains("factory reset: zones, keys and load state erased", StringComparison.Ordinal));
        string second = device.WaitForStdout(l => l.StartsWith("device-id: ", StringComparison.Ordinal) && l != first);
        Assert.NotEqual(first, second);
        device.Signal();
        Assert.Equal(0, device.WaitForExit());
    }

    [Fact]
    public void A_double_press_forces_the_load_off_through_the_local_override()
    {
        using var device = MashLoadProcess.Start(_dir.Path, "--port", "18448");
        device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
        device.Signal(1); // SIGHUP: the host-sim board's double press
        device.WaitForStderr(l => l.Contains("local override (button double press): load forced off", StringComparison.Ordinal));
        device.Signal();
        Assert.Equal(0, device.WaitForExit());
    }
}
