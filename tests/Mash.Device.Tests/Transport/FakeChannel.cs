using System;
using System.Buffers.Binary;
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

    /// <summary>Times the core asked to stop reading; <see cref="Paused"/> is the current state.</summary>
    public int Pauses { get; private set; }

    public bool Paused { get; private set; }

    /// <summary>Records the payload of each frame the core sends (it sends whole frames, header included).</summary>
    public bool TrySend(byte[] buffer, int offset, int count)
    {
        if (Sent.Count >= QueueLimit)
        {
            return false;
        }

        Assert.True(count >= 4, "a frame has a 4-byte header");
        Assert.Equal(count - 4, (int)BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(offset, 4)));
        Sent.Add(buffer.AsSpan(offset + 4, count - 4).ToArray());
        return true;
    }

    public void PauseReceiving()
    {
        Pauses++;
        Paused = true;
    }

    public void ResumeReceiving() => Paused = false;

    public void Close() => Closed = true;

    public void Abort() => Aborted = true;
}
