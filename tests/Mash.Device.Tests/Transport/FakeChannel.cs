using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Mash.Device.Transport;

namespace Mash.Device.Tests.Transport;

/// <summary>An in-memory connection: records what the core sends and whether it closed.</summary>
internal sealed class FakeChannel : IConnectionChannel
{
    public List<byte[]> Sent { get; } = [];

    /// <summary>Pending frames beyond which TrySend refuses (a peer that stopped reading).</summary>
    public int QueueLimit { get; set; } = int.MaxValue;

    /// <summary>Frames sent and not yet written to the peer (see <see cref="Drain"/>).</summary>
    public int Pending { get; private set; }

    /// <summary>Pending frames at which the channel reports itself backlogged.</summary>
    public int BacklogAt { get; set; } = int.MaxValue;

    public bool SendBacklogged => Pending >= BacklogAt;

    public bool Closed { get; private set; }

    public bool Aborted { get; private set; }

    public string RemoteEndPoint => "[::1]:50000";

    /// <summary>Times the core asked to stop reading; <see cref="Paused"/> is the current state.</summary>
    public int Pauses { get; private set; }

    public bool Paused { get; private set; }

    /// <summary>Records the payload of each frame the core sends (it sends whole frames, header included).</summary>
    public bool TrySend(byte[] buffer, int offset, int count)
    {
        if (Pending >= QueueLimit)
        {
            return false;
        }

        Assert.True(count >= 4, "a frame has a 4-byte header");
        Assert.Equal(count - 4, (int)BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(offset, 4)));
        Sent.Add(buffer.AsSpan(offset + 4, count - 4).ToArray());
        Pending++;
        return true;
    }

    /// <summary>The peer read everything queued.</summary>
    public void Drain() => Pending = 0;

    public void PauseReceiving()
    {
        Pauses++;
        Paused = true;
    }

    public void ResumeReceiving() => Paused = false;

    public void Close() => Closed = true;

    public void Abort() => Aborted = true;
}
