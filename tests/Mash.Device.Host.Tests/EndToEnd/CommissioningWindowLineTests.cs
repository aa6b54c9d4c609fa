using System;
using System.Globalization;
using Xunit;

namespace Mash.Device.Host.Tests.EndToEnd;

/// <summary>A freshly started mash-load says how long its commissioning window stays open and how to reopen it.</summary>
public sealed class CommissioningWindowLineTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_start_up_output_gives_the_window_length_its_end_and_the_ways_to_reopen_it()
    {
        using var device = MashLoadProcess.Start(_dir.Path, "--port", FreePort.Next().ToString(CultureInfo.InvariantCulture));

        string line = device.WaitForStderr(l => l.Contains("commissioning window open for ", StringComparison.Ordinal) && l.Contains("reopen", StringComparison.Ordinal));

        Assert.Matches(@"commissioning window open for 2 min \(until \d\d:\d\d:\d\d UTC\); reopen with kill -USR1 \d+ or --open-window$", line);
        Assert.Contains($"kill -USR1 {device.Id} ", line, StringComparison.Ordinal);
        device.Signal();
        Assert.Equal(0, device.WaitForExit());
    }
}
