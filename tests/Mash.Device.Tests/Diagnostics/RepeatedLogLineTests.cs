using System;
using System.Linq;
using Mash.Device.Diagnostics;
using Mash.Device.Runtime;

namespace Mash.Device.Tests.Diagnostics;

/// <summary>A warning a peer can trigger at request rate becomes one line per burst, with the count.</summary>
public class RepeatedLogLineTests
{
    private readonly VirtualClock _clock = new();
    private readonly CollectingLogSink _sink = new() { MinimumLevel = LogLevel.Info };
    private readonly Scheduler _scheduler;
    private readonly RepeatedLogLine _line;

    public RepeatedLogLineTests()
    {
        _scheduler = new Scheduler(_clock, NullLogSink.Instance);
        _line = new RepeatedLogLine(new Logger(_sink, "test"), LogLevel.Warn, _scheduler);
    }

    [Fact]
    public void A_flood_of_the_same_warning_is_one_line_then_one_summary_per_window()
    {
        // 10,000 warnings within 25 s: the first, then a summary at 10 s and at 20 s, then the rest at 30 s.
        for (int i = 0; i < 10_000; i++)
        {
            Occur("malformed request " + i);
            if (i % 400 == 399)
            {
                VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(1));
            }
        }

        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(60));

        string[] lines = _sink.Lines.Select(l => l.Message).ToArray();
        Assert.True(lines.Length <= 5, string.Join("\n", lines));
        Assert.Equal("malformed request 0", lines[0]);
        Assert.All(lines.Skip(1), l => Assert.Matches(@"^malformed request 0 \(repeated \d+ times in the last 10 s\)$", l));
        long counted = lines.Skip(1).Sum(l => long.Parse(System.Text.RegularExpressions.Regex.Match(l, @"repeated (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(9_999, counted);
        Assert.All(_sink.Lines, l => Assert.Equal(LogLevel.Warn, l.Level));
    }

    [Fact]
    public void After_a_quiet_window_the_next_occurrence_is_written_in_full_again()
    {
        Occur("first");
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(10));
        Occur("second");

        Assert.Equal(["first", "second"], _sink.Lines.Select(l => l.Message).ToArray());
    }

    [Fact]
    public void Counting_a_repeat_allocates_nothing()
    {
        Occur("first");
        _line.ShouldWrite();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
        {
            _line.ShouldWrite();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private void Occur(string message)
    {
        if (_line.ShouldWrite())
        {
            _line.Write(message);
        }
    }
}
