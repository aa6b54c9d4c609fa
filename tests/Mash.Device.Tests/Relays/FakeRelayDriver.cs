using System;
using System.Collections.Generic;
using Mash.Device.Relays;

namespace Mash.Device.Tests.Relays;

/// <summary>Records every Set and can be told to fail for one relay, like a broken GPIO line.</summary>
internal sealed class FakeRelayDriver : IRelayDriver
{
    public FakeRelayDriver(int count)
    {
        Count = count;
        States = new bool[count];
    }

    public int Count { get; }

    public bool[] States { get; }

    public List<(int Index, bool On)> Calls { get; } = [];

    public int? FailingIndex { get; set; }

    public void Set(int index, bool on)
    {
        Calls.Add((index, on));
        if (index == FailingIndex)
        {
            throw new InvalidOperationException("line busy");
        }

        States[index] = on;
    }
}
