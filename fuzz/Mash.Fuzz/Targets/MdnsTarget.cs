using System;
using System.Collections.Generic;
using Mash.Device.Diagnostics;
using Mash.Device.Discovery;
using Mash.Device.Runtime;

namespace Mash.Fuzz.Targets;

/// <summary>
/// The device's mDNS responder, claimed and announcing, receives one packet from a peer the input
/// picks and then runs 2 virtual seconds. It must never throw, and none of the timers it sets
/// may throw either (the scheduler would only log that, so the log is watched).
/// Input: one selector byte (bit 0: IPv6 peer, bit 1: legacy unicast port), then the packet.
/// </summary>
internal sealed class MdnsTarget : IFuzzTarget
{
    public string Name => "mdns";

    public string Description => "MdnsResponder.Receive on a claimed responder, then 2 s of its timers";

    public void Run(ReadOnlySpan<byte> input)
    {
        // Empty input still reaches the responder (see FrameTarget on afl's first run).
        byte selector = input.IsEmpty ? (byte)0 : input[0];
        byte[] packet = input.IsEmpty ? [] : input[1..].ToArray();
        var log = new ThrowingLogSink();
        using MdnsResponderRig rig = MdnsResponderRig.Claimed(log);
        byte[] address = (selector & 1) != 0
            ? new byte[] { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9 }
            : new byte[] { 10, 0, 0, 9 };
        var source = new MdnsEndpoint(address, (selector & 2) != 0 ? 40000 : MdnsEndpoint.MdnsPort);
        rig.Responder.Receive(packet, packet.Length, source);
        VirtualTime.RunFor(rig.Scheduler, rig.Clock, TimeSpan.FromSeconds(2));
        log.ThrowIfCallbackFailed();
    }

    public IEnumerable<byte[]> Seeds()
    {
        foreach (byte[] packet in MdnsSeeds.Packets())
        {
            yield return [0, .. packet];
            yield return [3, .. packet];
        }
    }
}
