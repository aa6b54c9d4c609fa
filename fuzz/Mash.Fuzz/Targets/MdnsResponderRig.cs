using System;
using System.Collections.Generic;
using Mash.Device.Diagnostics;
using Mash.Device.Discovery;
using Mash.Device.Platform;
using Mash.Device.Runtime;

namespace Mash.Fuzz.Targets;

/// <summary>
/// A responder on a virtual clock that owns an address pair and a commissionable and an
/// operational service, past probing and announcing: the state a device on a home network is in
/// most of the time. Fixed random bytes keep runs repeatable for the fuzzer.
/// </summary>
internal sealed class MdnsResponderRig : IDisposable
{
    public const string HostLabel = "mash-0123456789abcdef";

    private MdnsResponderRig(ILogSink log)
    {
        Scheduler = new Scheduler(Clock, log);
        Responder = new MdnsResponder(Scheduler, Transport, new FixedRandom(), log, HostLabel);
    }

    public VirtualClock Clock { get; } = new();

    public Scheduler Scheduler { get; }

    public RecordingTransport Transport { get; } = new();

    public MdnsResponder Responder { get; }

    public static MdnsResponderRig Claimed(ILogSink log)
    {
        var rig = new MdnsResponderRig(log);
        rig.Responder.SetAddresses(new[] { new byte[] { 10, 0, 0, 1 }, new byte[] { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } });
        rig.Responder.SetServices(new[]
        {
            new DnsSdService("MASH-1234", "_mashc._udp", 8443, new[] { "D=1234", "cat=4" }),
            new DnsSdService("9f4d4049ca6ca23c-0123456789abcdef", "_mash._tcp", 8443, new[] { "ZI=9f4d4049ca6ca23c", "DI=0123456789abcdef" }),
        });
        rig.Responder.Start();
        VirtualTime.RunFor(rig.Scheduler, rig.Clock, TimeSpan.FromSeconds(10));
        return rig;
    }

    public void Dispose() => Responder.Shutdown();

    internal sealed class RecordingTransport : IMulticastTransport
    {
        public List<byte[]> Sent { get; } = new();

        public void Send(byte[] packet, int length, MdnsEndpoint destination) => Sent.Add(packet.AsSpan(0, length).ToArray());
    }

    private sealed class FixedRandom : IRandomSource
    {
        public void Fill(byte[] destination) => Array.Fill(destination, (byte)0x5A);
    }
}
