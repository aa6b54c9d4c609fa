using System;
using System.Collections.Generic;
using Mash.Device.Transport;

namespace Mash.Device.Tests.Transport;

/// <summary>An in-memory connection: records what the core sends and whether it closed.</summary>
internal sealed class FakeChannel : IConnectionChannel
{
    public List<byte[]> Sent { get; } = [];

    public int QueueLimit { get; set; } = int.MaxValue;

    public bool Closed { get; private set; }

    public bool Aborted { get; private set; }

    public string RemoteEndPoint => "[::1]:50000";

    public bool TrySend(ReadOnlySpan<byte> message)
    {
        if (Sent.Count >= QueueLimit)
        {
            return false;
        }

        Sent.Add(message.ToArray());
        return true;
    }

    public void Close() => Closed = true;

    public void Abort() => Aborted = true;
}
