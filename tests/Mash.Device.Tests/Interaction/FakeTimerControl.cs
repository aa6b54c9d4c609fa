using System;
using System.Collections.Generic;
using Mash.Device.Interaction;
using Mash.Device.Load;
using Mash.Device.Model;

namespace Mash.Device.Tests.Interaction;

internal sealed class FakeTimerControl : ITestTimerControl
{
    public List<string> Calls { get; } = [];

    public ControlResult ShortenFailsafe(TimeSpan duration)
    {
        Calls.Add("failsafe " + duration.TotalSeconds);
        return ControlResult.Ok;
    }

    public ControlResult ShortenDurations(TimeSpan remaining)
    {
        Calls.Add("durations " + remaining.TotalSeconds);
        return ControlResult.Ok;
    }

    public ControlResult RestoreTimers()
    {
        Calls.Add("restore");
        return ControlResult.Ok;
    }
}
