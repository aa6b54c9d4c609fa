using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mash.Device.Boards;
using Mash.Device.Commissioning;
using Mash.Device.Composition;
using Mash.Device.Diagnostics;
using Mash.Device.Host.Boards;
using Mash.Device.Identity;
using Mash.Device.Interaction;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Device.Relays;
using Mash.Device.Runtime;
using Mash.Device.Storage;
using Mash.Device.Transport;
using Mash.Device.Zones;
using Mash.Protocol.Commissioning;
using Mash.Protocol.DotNet;
using Mash.Protocol.DotNet.Crypto;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Bench;

/// <summary>
/// The firmware core's retained managed memory at the issue's budget point (item 7: under 128 KiB):
/// 5 zones commissioned, 6 connections open (one per zone plus one commissioning attempt), 10
/// subscriptions on each zone connection. The state is built through the core's public API as the
/// composition root builds it (flash, relays and TLS channels are in-memory fakes that keep
/// nothing), then measured as the live managed heap after forced, compacting, full collections
/// (what stays, not what was allocated on the way). Frames in flight are not counted: the fake
/// channels drop what is sent, and the host's receive buffers are not part of the core.
/// Statics the core touches are set up by a first, identical run that is thrown away, so the
/// per-connection and per-subscription figures are what one more of each costs; the statics are
/// reported on their own (an upper bound: the host runtime's own caches are in that figure too).
/// </summary>
internal static class HeapBudgetBench
{
    private const int Zones = 5;
    private const int SubscriptionsPerZone = 10;
    private const long Budget = 128 * 1024;
    private static readonly SetupCode Code = new(20252026);

    // (feature, attribute IDs or null for all of them): ten subscriptions a home energy manager
    // might hold, from whole features to single attributes.
    private static readonly (byte Feature, ulong[]? Attributes)[] SubscriptionMix =
    [
        (FeatureIds.Measurement, null),
        (FeatureIds.EnergyControl, null),
        (FeatureIds.Status, null),
        (FeatureIds.Electrical, null),
        (FeatureIds.Measurement, [MeasurementFeature.AcActivePower]),
        (FeatureIds.Measurement, [MeasurementFeature.AcActivePower, 2, 3]),
        (FeatureIds.EnergyControl, [1, 2]),
        (FeatureIds.EnergyControl, [3]),
        (FeatureIds.Status, [1]),
        (FeatureIds.Electrical, [1, 2]),
    ];

    public static void Run()
    {
        long start = RetainedHeap();
        using (var fixtures = new Fixtures())
        {
            long withFixtures = RetainedHeap();
            Calibrate();

            // First run: JIT, statics and the core's shared tables; thrown away.
            Phase[] first = Measure(fixtures, walk: false);
            long afterFirst = RetainedHeap();
            GC.KeepAlive(first);

            // Second run measured; the third walks the object graph (reflection leaves caches behind,
            // so the walk never runs between two measurements).
            Phase[] measured = Measure(fixtures, walk: false);
            Phase[] walked = Measure(fixtures, walk: true);
            var p = new Phase[measured.Length];
            for (int i = 0; i < p.Length; i++)
            {
                p[i] = measured[i] with { Host = walked[i].Host, Nano = walked[i].Nano, Objects = walked[i].Objects };
            }

            Console.WriteLine("phase | retained (measured) | host layout (object walk) | nanoFramework model (object walk) | objects");
            foreach (Phase phase in p)
            {
                Console.WriteLine($"{phase.Name} | {phase.Retained:N0} | {phase.Host:N0} | {phase.Nano:N0} | {phase.Objects:N0}");
            }

            Phase composed = p[0], zones = p[1], connections = p[2], subscriptions = p[3];
            Console.WriteLine($"per zone stored: {(zones.Retained - composed.Retained) / (double)Zones:N0} bytes measured, {(zones.Nano - composed.Nano) / (double)Zones:N0} nanoFramework model");
            Console.WriteLine($"per connection ({Zones} operational, 1 commissioning attempt before PASE): {(connections.Retained - zones.Retained) / (double)(Zones + 1):N0} bytes measured, {(connections.Nano - zones.Nano) / (double)(Zones + 1):N0} nanoFramework model");
            Console.WriteLine($"per subscription ({SubscriptionsPerZone} per zone connection): {(subscriptions.Retained - connections.Retained) / (double)(Zones * SubscriptionsPerZone):N0} bytes measured, {(subscriptions.Nano - connections.Nano) / (double)(Zones * SubscriptionsPerZone):N0} nanoFramework model");
            Console.WriteLine($"total retained by the core at the budget point: {subscriptions.Retained:N0} bytes measured ({subscriptions.Retained / 1024.0:F1} KiB), {subscriptions.Nano:N0} bytes nanoFramework model ({subscriptions.Nano / 1024.0:F1} KiB); budget {Budget / 1024} KiB");
            Console.WriteLine($"statics and shared tables set up by the first run (upper bound, host runtime caches and host crypto included): {afterFirst - withFixtures:N0} bytes");
            Console.WriteLine($"(the bench's own fixtures: {withFixtures - start:N0} bytes, not counted)");
        }
    }

    private static Phase[] Measure(Fixtures fixtures, bool walk)
    {
        var phases = new Phase[4];
        long empty = RetainedHeap();
        var device = new Device(fixtures);
        phases[0] = Snapshot("composed core, never commissioned", device, empty, walk);

        device.CommissionZones();
        phases[1] = Snapshot($"+ {Zones} zones stored", device, empty, walk);

        device.Connect();
        phases[2] = Snapshot($"+ {Zones + 1} connections", device, empty, walk);

        device.Subscribe();
        phases[3] = Snapshot($"+ {Zones * SubscriptionsPerZone} subscriptions", device, empty, walk);

        GC.KeepAlive(device);
        device.Shutdown();
        return phases;
    }

    private static Phase Snapshot(string name, Device device, long empty, bool walk)
    {
        long retained = RetainedHeap() - empty;
        if (!walk)
        {
            return new Phase(name, retained, 0, 0, 0);
        }

        var model = new HeapModel(o => o is SilentChannel or NativeFlash or VirtualClock);
        foreach (object root in device.CoreRoots())
        {
            model.Walk(root);
        }

        if (name.Contains("subscriptions", StringComparison.Ordinal))
        {
            var top = new List<KeyValuePair<string, long>>(model.ByType);
            top.Sort((a, b) => b.Value.CompareTo(a.Value));
            Console.WriteLine("largest types at the budget point (nanoFramework model): " + string.Join(", ", top.GetRange(0, Math.Min(10, top.Count)).ConvertAll(t => $"{t.Key} {t.Value:N0}")));
        }

        return new Phase(name, retained, model.HostBytes, model.NanoBytes, model.Objects);
    }

    // Live bytes on the managed heap after full, compacting, blocking collections (finalizers run in between).
    private static long RetainedHeap()
    {
        for (int i = 0; i < 3; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: false);
    }

    // Shows the method's resolution: 200 retained byte[1000] are 200 x (1000 + 24 bytes of header and length).
    private static void Calibrate()
    {
        long before = RetainedHeap();
        var keep = new byte[200][];
        for (int i = 0; i < keep.Length; i++)
        {
            keep[i] = new byte[1000];
        }

        long delta = RetainedHeap() - before;
        GC.KeepAlive(keep);
        Console.WriteLine($"calibration: 200 retained byte[1000] measure {delta:N0} bytes (expected {200 * 1024 + 1624:N0}: 1,024 each plus the outer array)");
    }

    private sealed record Phase(string Name, long Retained, long Host, long Nano, long Objects);

    /// <summary>What the bench needs but the device does not hold: Zone CAs and client certificates (made before measuring).</summary>
    private sealed class Fixtures : IDisposable
    {
        public Fixtures()
        {
            for (int z = 0; z < Zones; z++)
            {
                var ca = new BenchZoneCa("MASH Zone CA - bench " + z.ToString(CultureInfo.InvariantCulture));
                Cas.Add(ca);
                Clients.Add(ca.IssueClient());
            }

            for (int run = 0; run < 3; run++)
            {
                Flash.Add(new NativeFlash(FlashLimits.Default));
            }

            Board = BoardFile.LoadEmbedded("host-sim");
            Clock = new VirtualClock(new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc));
        }

        public List<BenchZoneCa> Cas { get; } = [];

        public List<X509Certificate2> Clients { get; } = [];

        /// <summary>One flash per run, made up front: flash is not RAM on the device, so its contents live outside the managed heap.</summary>
        public List<NativeFlash> Flash { get; } = [];

        public BoardDefinition Board { get; }

        public int Runs { get; set; }

        public VirtualClock Clock { get; }

        public void Dispose()
        {
            foreach (X509Certificate2 client in Clients)
            {
                client.Dispose();
            }

            foreach (BenchZoneCa ca in Cas)
            {
                ca.Dispose();
            }

            foreach (NativeFlash flash in Flash)
            {
                flash.Dispose();
            }
        }
    }

    /// <summary>The core composed by DeviceCore (as DeviceHost does), on in-memory platform parts.</summary>
    private sealed class Device
    {
        private readonly Fixtures _fixtures;
        private readonly Scheduler _scheduler;
        private readonly NativeFlash _flash;
        private readonly ZoneStore _zones;
        private readonly CommissioningService _commissioning;
        private readonly ConnectionManager _connections;
        private readonly DeviceIdentity _identity;
        private readonly List<DeviceConnection> _open = [];
        private readonly List<SilentChannel> _channels = [];

        public Device(Fixtures fixtures)
        {
            _fixtures = fixtures;
            _flash = fixtures.Flash[fixtures.Runs++];
            BoardDefinition board = fixtures.Board;
            _identity = DeviceIdentity.Create(SystemCryptoPal.Instance, DotNetX509.Instance, new Discriminator(1), true, Code, fixtures.Clock.UtcNow);

            // The core's composition root, as the host and the ESP32 image use it.
            var core = new DeviceCore(
                fixtures.Clock,
                _flash,
                new MemoryRelays(board.Relays.Count),
                NullLogSink.Instance,
                new PlatformCrypto(SystemCryptoPal.Instance, OpenSslP256Group.Instance, DotNetX509.Instance, DateTime.MinValue),
                board,
                _identity);
            _scheduler = core.Scheduler;
            _zones = core.Zones;
            _commissioning = core.Commissioning;
            _connections = core.Connections;
            _scheduler.RunPending();
        }

        /// <summary>Five real commissionings: PASE, CSR (a new device key each), certificate install; each connection then closes.</summary>
        public void CommissionZones()
        {
            for (int z = 0; z < Zones; z++)
            {
                _commissioning.OpenWindowLocally("bench");
                var channel = new SilentChannel();
                DeviceConnection connection = _connections.Open(channel, PeerCredentials.Anonymous)!;
                using var prover = new Spake2PlusProver(SystemCryptoPal.Instance, OpenSslP256Group.Instance, Code);
                CommissioningMessage response = Exchange(connection, channel, CommissioningMessage.PaseRequest(prover.Start(), Spake2Plus.ProverIdentity));
                Expect(response, CommissioningMessageType.PaseResponse);
                Expect(Exchange(connection, channel, CommissioningMessage.PaseConfirm(prover.Finish(response.Data))), CommissioningMessageType.PaseComplete);
                CommissioningMessage csr = Exchange(connection, channel, CommissioningMessage.CsrRequest(RandomNumberGenerator.GetBytes(32)));
                Expect(csr, CommissioningMessageType.CsrResponse);
                BenchZoneCa ca = _fixtures.Cas[z];
                ZoneType type = (ZoneType)(1 + (z % 4));
                CommissioningMessage installed = Exchange(connection, channel, CommissioningMessage.CertInstall(ca.Sign(csr.Data!, _fixtures.Clock.UtcNow), ca.Certificate.RawData, (byte)type, (byte)type));
                Expect(installed, CommissioningMessageType.CertInstallResponse);
                Exchange(connection, channel, CommissioningMessage.Complete());
                _connections.ChannelClosed(connection, CloseReason.ClosedByPeer);
                _scheduler.RunPending();
            }

            if (_zones.Count != Zones)
            {
                throw new InvalidOperationException($"{_zones.Count} zones stored, expected {Zones}");
            }
        }

        /// <summary>One operational connection per zone (its controller's certificate) and one commissioning attempt.</summary>
        public void Connect()
        {
            for (int z = 0; z < Zones; z++)
            {
                var channel = new SilentChannel();
                DeviceConnection connection = _connections.Open(channel, new PeerCredentials(_fixtures.Clients[z].RawData, _fixtures.Clients[z].Subject, "TLS_AES_128_GCM_SHA256", z + 1))
                    ?? throw new InvalidOperationException("connection refused");
                if (connection.Session is not SessionContext { Role: ConnectionRole.Operational })
                {
                    throw new InvalidOperationException("zone " + z.ToString(CultureInfo.InvariantCulture) + " did not become operational");
                }

                _open.Add(connection);
                _channels.Add(channel);
            }

            _commissioning.OpenWindowLocally("bench");
            var pending = new SilentChannel();
            _open.Add(_connections.Open(pending, PeerCredentials.Anonymous) ?? throw new InvalidOperationException("commissioning connection refused"));
            _channels.Add(pending);
            _scheduler.RunPending();
            if (_connections.Count != Zones + 1)
            {
                throw new InvalidOperationException($"{_connections.Count} connections open, expected {Zones + 1}");
            }

            Forget();
        }

        public void Subscribe()
        {
            for (int z = 0; z < Zones; z++)
            {
                for (int s = 0; s < SubscriptionsPerZone; s++)
                {
                    (byte feature, ulong[]? attributes) = SubscriptionMix[s];
                    var options = new CborMap(3).Set(2, CborValue.FromInt64(1000)).Set(3, CborValue.FromInt64(60_000));
                    if (attributes is not null)
                    {
                        var ids = new CborValue[attributes.Length];
                        for (int i = 0; i < ids.Length; i++)
                        {
                            ids[i] = CborValue.FromUInt64(attributes[i]);
                        }

                        options.Set(1, CborValue.FromArray(ids));
                    }

                    _connections.Receive(_open[z], MessageCodec.Encode(new Request((uint)(s + 1), Operation.Subscribe, SmartLoadModel.LoadEndpoint, feature, CborValue.FromMap(options))));
                    Response answer = MessageCodec.DecodeResponse(_channels[z].Last ?? throw new InvalidOperationException("no answer to subscribe"));
                    if (answer.Status != StatusCode.Success)
                    {
                        throw new InvalidOperationException($"subscription {s} of zone {z} refused: {answer.Status}");
                    }
                }
            }

            _scheduler.RunPending();
            Forget();
        }

        /// <summary>What the core holds: everything else hangs off these (the bench's channels, flash and clock are skipped).</summary>
        public object[] CoreRoots() => [_scheduler, _zones, _commissioning, _connections, _identity];

        public void Shutdown()
        {
            _connections.CloseAll();
            _scheduler.RunPending();
            _identity.Dispose();
        }

        // The channels keep the last frame only to read answers; nothing of it is the device's.
        private void Forget()
        {
            foreach (SilentChannel channel in _channels)
            {
                channel.Last = null;
            }
        }

        private CommissioningMessage Exchange(DeviceConnection connection, SilentChannel channel, CommissioningMessage message)
        {
            channel.Last = null;
            _connections.Receive(connection, message.Encode());
            _scheduler.RunPending();
            byte[] answer = channel.Last ?? throw new InvalidOperationException("no answer to " + message.Type);
            channel.Last = null;
            return CommissioningMessage.Decode(answer);
        }

        private static void Expect(CommissioningMessage message, CommissioningMessageType type)
        {
            if (message.Type != type)
            {
                throw new InvalidOperationException($"expected {type}, got {message.Type} {message.ErrorCode} {message.Text}");
            }
        }
    }

    private sealed class SilentChannel : IConnectionChannel
    {
        public byte[]? Last { get; set; }

        public string RemoteEndPoint => "bench";

        public bool TrySend(byte[] buffer, int offset, int count)
        {
            // The core hands over whole frames; the payload follows the 4-byte length prefix.
            byte[] message = buffer.AsSpan(offset + 4, count - 4).ToArray();

            // Control frames (ping/pong/close) are not answers the bench reads.
            if (MessageClassifier.Classify(message) != MessageKind.Control)
            {
                Last = message;
            }

            return true;
        }

        public bool SendBacklogged => false;

        public void PauseReceiving()
        {
        }

        public void ResumeReceiving()
        {
        }

        public void Close()
        {
        }

        public void Abort()
        {
        }
    }

    private sealed class MemoryRelays(int count) : IRelayDriver
    {
        private readonly bool[] _on = new bool[count];

        public int Count => _on.Length;

        public void Set(int index, bool on) => _on[index] = on;
    }

    /// <summary>A controller's Zone CA: signs the device's CSR and issues the controller's own client certificate.</summary>
    private sealed class BenchZoneCa : IDisposable
    {
        private static readonly DateTimeOffset From = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private static readonly DateTimeOffset To = new(2045, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public BenchZoneCa(string name)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN={name}, O=MASH Zone", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            Certificate = request.CreateSelfSigned(From, To);
        }

        public X509Certificate2 Certificate { get; }

        public byte[] Sign(byte[] csrDer, DateTimeOffset now)
        {
            CertificateRequest csr = CertificateRequest.LoadSigningRequest(csrDer, HashAlgorithmName.SHA256);
            csr.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            csr.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2"), new Oid("1.3.6.1.5.5.7.3.1")], false));
            using X509Certificate2 issued = csr.Create(Certificate, now.AddMinutes(-5), now.AddDays(365), Serial());
            return issued.RawData;
        }

        public X509Certificate2 IssueClient()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=controller, O=MASH Zone", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true)); // the device refuses a controller certificate without CA:FALSE
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
            using X509Certificate2 issued = request.Create(Certificate, From, To, Serial());
            return X509CertificateLoader.LoadCertificate(issued.RawData);
        }

        public void Dispose() => Certificate.Dispose();

        private static byte[] Serial()
        {
            byte[] serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7f;
            return serial;
        }
    }
}

/// <summary>
/// Flash for the heap benchmark: records are kept in native memory, so the managed heap holds only
/// what the core itself keeps. The index (one pointer per key slot) is made with the store.
/// Entry layout: key length (chars), key (UTF-16), value length, value.
/// </summary>
internal sealed class NativeFlash : IFlashStore, IDisposable
{
    private readonly IntPtr[] _entries;

    public NativeFlash(FlashLimits limits)
    {
        Limits = limits;
        _entries = new IntPtr[limits.MaxKeys];
    }

    public FlashLimits Limits { get; }

    public FlashRead Read(string key)
    {
        int index = IndexOf(key);
        if (index < 0)
        {
            return FlashRead.Missing;
        }

        IntPtr entry = _entries[index];
        int valueAt = 4 + (2 * System.Runtime.InteropServices.Marshal.ReadInt32(entry));
        var value = new byte[System.Runtime.InteropServices.Marshal.ReadInt32(entry, valueAt)];
        System.Runtime.InteropServices.Marshal.Copy(entry + valueAt + 4, value, 0, value.Length);
        return FlashRead.Ok(value);
    }

    public void Write(string key, byte[] value)
    {
        Limits.ThrowIfKeyInvalid(key);
        Limits.ThrowIfValueTooLarge(value);
        int index = IndexOf(key);
        if (index >= 0)
        {
            System.Runtime.InteropServices.Marshal.FreeHGlobal(_entries[index]);
        }
        else
        {
            index = Array.IndexOf(_entries, IntPtr.Zero);
            if (index < 0)
            {
                throw new FlashStoreFullException(key, Limits.MaxKeys);
            }
        }

        int size = 4 + (2 * key.Length) + 4 + value.Length;
        IntPtr entry = System.Runtime.InteropServices.Marshal.AllocHGlobal(size);
        unsafe
        {
            var bytes = new Span<byte>((void*)entry, size);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes, key.Length);
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(key.AsSpan()).CopyTo(bytes[4..]);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes[(4 + (2 * key.Length))..], value.Length);
            value.CopyTo(bytes[(8 + (2 * key.Length))..]);
        }

        _entries[index] = entry;
    }

    public bool Delete(string key)
    {
        int index = IndexOf(key);
        if (index < 0)
        {
            return false;
        }

        System.Runtime.InteropServices.Marshal.FreeHGlobal(_entries[index]);
        _entries[index] = IntPtr.Zero;
        return true;
    }

    public int CopyKeys(string prefix, string[] destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        int n = 0;
        for (int i = 0; i < _entries.Length; i++)
        {
            if (_entries[i] != IntPtr.Zero)
            {
                string key = KeyAt(i);
                if (key.StartsWith(prefix, StringComparison.Ordinal) && n < destination.Length)
                {
                    destination[n++] = key;
                }
            }
        }

        return n;
    }

    public void Dispose()
    {
        for (int i = 0; i < _entries.Length; i++)
        {
            if (_entries[i] != IntPtr.Zero)
            {
                System.Runtime.InteropServices.Marshal.FreeHGlobal(_entries[i]);
                _entries[i] = IntPtr.Zero;
            }
        }
    }

    private unsafe bool KeyEquals(int index, string key)
    {
        IntPtr entry = _entries[index];
        int length = System.Runtime.InteropServices.Marshal.ReadInt32(entry);
        return length == key.Length && new ReadOnlySpan<char>((void*)(entry + 4), length).SequenceEqual(key);
    }

    private unsafe string KeyAt(int index)
    {
        IntPtr entry = _entries[index];
        return new ReadOnlySpan<char>((void*)(entry + 4), System.Runtime.InteropServices.Marshal.ReadInt32(entry)).ToString();
    }

    private int IndexOf(string key)
    {
        for (int i = 0; i < _entries.Length; i++)
        {
            if (_entries[i] != IntPtr.Zero && KeyEquals(i, key))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// Walks the object graph the core retains and sizes it twice: with the host's layout (64-bit
/// CoreCLR: 16-byte object header, 8-byte references, 8-byte alignment, UTF-16 strings), which
/// should land close to the measured heap and so shows the walk sees what the GC sees, and with a
/// model of nanoFramework's layout on the ESP32. nanoCLR stores everything in 12-byte heap blocks
/// (CLR_RT_HeapBlock, three 32-bit words): an object is one header block plus one block per
/// instance field, whatever the field's type (a bool costs 12 bytes, so does a long); an array is a
/// 20-byte header plus its elements, packed for primitives and one 12-byte block per element for
/// references, rounded up to whole blocks; a string is a header block plus its UTF-8 text with a
/// terminator, rounded up; a struct held in a field or array is a block pointing at a boxed copy.
/// The model is an estimate, not a measurement on the device.
/// Host-native objects (X509Certificate2, ECDsa, safe handles) are not followed: on the ESP32 they
/// are the native crypto module's, and their managed wrappers differ anyway.
/// </summary>
internal sealed class HeapModel
{
    private const int Block = 12;
    private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);
    private readonly Func<object, bool> _skip;

    public HeapModel(Func<object, bool> skip)
    {
        _skip = skip;
    }

    public long Objects { get; private set; }

    public long Strings { get; private set; }

    public long Arrays { get; private set; }

    public long HostBytes { get; private set; }

    public long NanoBytes { get; private set; }

    public void Walk(object root)
    {
        var pending = new Stack<object>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            object o = pending.Pop();
            if (_skip(o) || !_seen.Add(o))
            {
                continue;
            }

            Type type = o.GetType();
            if (IsOpaque(type))
            {
                continue;
            }

            Objects++;
            long nanoBefore = NanoBytes;
            switch (o)
            {
                case string s:
                    Strings++;
                    HostBytes += Align(22 + (2 * s.Length), 8);
                    NanoBytes += Block + Align(System.Text.Encoding.UTF8.GetByteCount(s) + 1, Block);
                    break;
                case Array array:
                    Arrays++;
                    Type element = type.GetElementType()!;
                    HostBytes += Align(24 + (array.Length * HostSize(element)), 8);
                    NanoBytes += Align(20 + (array.Length * NanoElementSize(element)), Block);
                    if (!element.IsPrimitive && !element.IsEnum)
                    {
                        foreach (object? item in array)
                        {
                            if (item is null)
                            {
                                continue;
                            }

                            if (element.IsValueType)
                            {
                                NanoBytes += NanoBox(element);
                                PushFields(item, element, pending);
                            }
                            else
                            {
                                pending.Push(item);
                            }
                        }
                    }

                    break;
                case Delegate d:
                    // A nanoCLR delegate: header, method reference and target, about three blocks.
                    HostBytes += 64;
                    NanoBytes += 3 * Block;
                    if (d.Target is not null)
                    {
                        pending.Push(d.Target);
                    }

                    foreach (Delegate inner in d.GetInvocationList())
                    {
                        if (!ReferenceEquals(inner, d))
                        {
                            pending.Push(inner);
                        }
                    }

                    break;
                default:
                    HostBytes += Math.Max(24, Align(16 + FieldBytes(type), 8));
                    NanoBytes += Block * (1 + InstanceFields(type).Count);
                    if (type.IsValueType)
                    {
                        break; // a boxed primitive or struct: its fields are counted above
                    }

                    PushFields(o, type, pending);
                    break;
            }

            string name = type.IsArray ? type.GetElementType()!.Name + "[]" : type.Name;
            ByType[name] = (ByType.TryGetValue(name, out long sum) ? sum : 0) + (NanoBytes - nanoBefore);
        }
    }

    /// <summary>nanoFramework-model bytes by type (struct boxes counted with their holder).</summary>
    public Dictionary<string, long> ByType { get; } = [];

    private static bool IsOpaque(Type type) =>
        typeof(Type).IsAssignableFrom(type)
        || typeof(System.Reflection.MemberInfo).IsAssignableFrom(type)
        || typeof(System.Runtime.InteropServices.SafeHandle).IsAssignableFrom(type)
        || typeof(X509Certificate2).IsAssignableFrom(type)
        || typeof(AsymmetricAlgorithm).IsAssignableFrom(type)
        || type.IsPointer;

    private void PushFields(object o, Type type, Stack<object> pending)
    {
        foreach (System.Reflection.FieldInfo field in InstanceFields(type))
        {
            Type fieldType = field.FieldType;
            if (fieldType.IsPrimitive || fieldType.IsEnum || fieldType.IsPointer || fieldType == typeof(IntPtr) || fieldType.IsByRefLike)
            {
                continue;
            }

            object? value;
            try
            {
                value = field.GetValue(o);
            }
            catch (FieldAccessException)
            {
                continue; // runtime-internal fields (function pointers and the like)
            }

            if (value is null)
            {
                continue;
            }

            if (fieldType.IsValueType)
            {
                // A struct field: inline on the host, a block pointing at a boxed copy on nanoCLR.
                NanoBytes += NanoBox(fieldType);
                PushFields(value, fieldType, pending);
            }
            else
            {
                pending.Push(value);
            }
        }
    }

    private static int NanoBox(Type structType) => Block * (1 + InstanceFields(structType).Count);

    private static int NanoElementSize(Type element)
    {
        if (element.IsEnum)
        {
            element = Enum.GetUnderlyingType(element);
        }

        return element.IsPrimitive ? HostSize(element) : Block;
    }

    private static int HostSize(Type t)
    {
        if (t.IsEnum)
        {
            t = Enum.GetUnderlyingType(t);
        }

        if (!t.IsValueType)
        {
            return 8;
        }

        if (t == typeof(bool) || t == typeof(byte) || t == typeof(sbyte))
        {
            return 1;
        }

        if (t == typeof(char) || t == typeof(short) || t == typeof(ushort))
        {
            return 2;
        }

        if (t == typeof(int) || t == typeof(uint) || t == typeof(float))
        {
            return 4;
        }

        if (t.IsPrimitive)
        {
            return 8;
        }

        return Math.Max(1, FieldBytes(t));
    }

    private static int FieldBytes(Type type)
    {
        int bytes = 0;
        foreach (System.Reflection.FieldInfo field in InstanceFields(type))
        {
            bytes += HostSize(field.FieldType);
        }

        return bytes;
    }

    private static List<System.Reflection.FieldInfo> InstanceFields(Type type)
    {
        var fields = new List<System.Reflection.FieldInfo>();
        for (Type? t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
        {
            fields.AddRange(t.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly));
        }

        return fields;
    }

    private static int Align(int value, int unit) => (value + unit - 1) / unit * unit;
}
