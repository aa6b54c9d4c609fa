using System;
using System.Collections;
using Mash.Device.Diagnostics;
using Mash.Device.Platform;
using Mash.Device.Runtime;
using Mash.Protocol.Dns;
using Mash.Protocol.Portable;

namespace Mash.Device.Discovery;

/// <summary>
/// A Multicast DNS responder (RFC 6762) for one link, publishing this host's addresses and a set
/// of DNS-SD service instances (RFC 6763). It owns no socket and no thread: it runs on the
/// <see cref="Scheduler"/>, sends through an <see cref="IMulticastTransport"/> and is handed
/// received packets with <see cref="Receive"/>, so every timing rule is testable on a virtual clock.
/// </summary>
/// <remarks>
/// <para>What it does, by RFC 6762 section:</para>
/// <list type="bullet">
/// <item>8.1 probing: three probes 250 ms apart, after a random 0-250 ms wait, for the host name
/// and each instance name; a conflicting answer renames ("-2", "-3", ...) and probes again; 15
/// conflicts in 10 s slow probing to one attempt per 5 s.</item>
/// <item>8.2 simultaneous probes: the lexicographically later proposal wins; the loser probes
/// the same name again after 1 s.</item>
/// <item>8.3 announcing: three unsolicited responses, 1 s and then 2 s apart, whenever records
/// appear or change.</item>
/// <item>6 answering: shared answers (PTR) after 20-120 ms, answers made only of unique records
/// at once, 400-500 ms when the query is truncated; PTR answers carry SRV, TXT and addresses as
/// additional records (RFC 6763 section 12); NSEC for types a name does not have (6.1).</item>
/// <item>6.2 rate limit: a record is multicast at most once per second per address family
/// (every 250 ms when defending against a probe).</item>
/// <item>5.4 QU questions answered by unicast unless the record was multicast within a quarter of
/// its TTL; 6.7 legacy unicast (source port not 5353) answered to the sender with the query ID, the
/// question and TTLs of at most 10 s.</item>
/// <item>7.1, 7.2, 7.4 known-answer and duplicate-answer suppression.</item>
/// <item>9 conflicts after announcing: the record is withdrawn and the name probed again.</item>
/// <item>10.1 goodbyes (TTL 0) for every withdrawn record and for everything at shutdown.</item>
/// </list>
/// <para>TTLs follow RFC 6762 section 10: 120 s for records that carry or name a host (SRV, A,
/// AAAA, NSEC), 4500 s for the others (PTR, TXT).</para>
/// <para>Loop thread only, like every core component.</para>
/// </remarks>
public sealed partial class MdnsResponder
{
    public const uint HostRecordTtl = 120;
    public const uint ServiceRecordTtl = 4500;
    public const uint LegacyUnicastMaxTtl = 10;
    public const int ProbeCount = 3;
    public const int AnnouncementCount = 3;

    /// <summary>Most answers waiting to be multicast at once; a query flood beyond it is dropped.</summary>
    public const int MaxPendingAnswers = 256;

    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan RateLimit = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan ProbeDefenseRateLimit = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan LostTieBreakDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan ConflictStormDelay = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ConflictStormWindow = TimeSpan.FromSeconds(10);
    public const int ConflictStormCount = 15;

    private static readonly DnsName ServiceEnumeration = DnsName.Parse("_services._dns-sd._udp.local");

    private readonly Scheduler _scheduler;
    private readonly IMulticastTransport _transport;
    private readonly IRandomSource _random;
    private readonly Logger _log;
    private readonly DnsMessageWriter _writer = new(DnsLimits.MaxUnfragmentedSize);
    private readonly MdnsOwnedName _host;
    // Collections of the loop thread (ArrayList: nanoFramework has no generic lists).
    private readonly ArrayList _services = new();   // MdnsOwnedName
    private readonly ArrayList _published = new();  // MdnsPublishedRecord
    private readonly ArrayList _pending = new();    // MdnsPendingAnswer
    private readonly TimeSpan[] _recentConflicts = new TimeSpan[ConflictStormCount];
    private int _conflictCursor;
    private byte[][] _addresses = new byte[0][];
    private TimerHandle? _timer;
    private TimeSpan _timerDue;
    private bool _started;
    private bool _stopped;

    /// <param name="hostLabel">First label of the host name, e.g. "mash-0123456789abcdef" for mash-0123456789abcdef.local.</param>
    /// <param name="linkName">Interface name for log lines; empty when there is one link.</param>
    public MdnsResponder(Scheduler scheduler, IMulticastTransport transport, IRandomSource random, ILogSink log, string hostLabel, string linkName = "")
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentException.ThrowIfNullOrEmpty(hostLabel);
        ArgumentNullException.ThrowIfNull(linkName);
        _scheduler = scheduler;
        _transport = transport;
        _random = random;
        _log = new Logger(log, linkName.Length == 0 ? "mdns" : "mdns " + linkName);
        _host = new MdnsOwnedName(hostLabel, null);
        LinkName = linkName;
    }

    public string LinkName { get; }

    /// <summary>The host name in use, e.g. "mash-0123456789abcdef.local" (renamed after a conflict).</summary>
    public DnsName HostName => _host.Name;

    public bool IsHostNameClaimed => _host.Claimed;

    public long PacketsReceived { get; private set; }

    /// <summary>Packets dropped because they did not decode; they are otherwise ignored.</summary>
    public long MalformedPackets { get; private set; }

    public long PacketsSent { get; private set; }

    public long ConflictsDetected { get; private set; }

    /// <summary>Records currently live on the network (claimed and not withdrawn), with full TTLs.</summary>
    public DnsRecord[] PublishedRecords
    {
        get
        {
            var records = new DnsRecord[_published.Count];
            for (int i = 0; i < records.Length; i++)
            {
                records[i] = Published(i).Record;
            }

            return records;
        }
    }

    /// <summary>
    /// The other responders of this device (one per link): their addresses count as our own, so
    /// a device on two links of one LAN does not see its own records as a conflict.
    /// </summary>
    internal MdnsResponder[]? Siblings { get; set; }

    private TimeSpan Now => _scheduler.Clock.Monotonic;

    /// <summary>The full instance name in use for <paramref name="service"/> (after renames), or null if not configured.</summary>
    public DnsName? InstanceNameOf(DnsSdService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        MdnsOwnedName? owned = FindService(service);
        return owned?.Name;
    }

    /// <summary>True once the instance's name has been probed and its records announced.</summary>
    public bool IsClaimed(DnsSdService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        MdnsOwnedName? owned = FindService(service);
        return owned is not null && owned.Claimed;
    }

    /// <summary>
    /// This link's addresses (4 or 16 bytes each) for the host's A and AAAA records. A change
    /// announces the new records and says goodbye to the old ones.
    /// </summary>
    public void SetAddresses(byte[][] addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var copy = new ArrayList();

        // IPv6 first: the records go out in this order; both families are always published.
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (byte[] a in addresses)
            {
                if (a is null || (a.Length != 4 && a.Length != 16))
                {
                    throw new ArgumentException("an address is 4 or 16 bytes", nameof(addresses));
                }

                if ((a.Length == 16) == (pass == 0) && !ContainsAddress(copy, a))
                {
                    copy.Add((byte[])a.Clone());
                }
            }
        }

        if (SameAddresses(copy, _addresses))
        {
            return;
        }

        _addresses = Lists.ToByteArrays(copy);
        if (_started && !_stopped)
        {
            Reconcile();
            Reschedule();
        }
    }

    /// <summary>
    /// The service instances to advertise. New instances are probed, then announced; instances
    /// no longer listed get goodbyes; changed TXT or port is re-announced under the same name.
    /// </summary>
    public void SetServices(DnsSdService[] services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (_stopped)
        {
            return;
        }

        bool changed = false;
        for (int i = _services.Count - 1; i >= 0; i--)
        {
            if (!Contains(services, Owned(i).Service!))
            {
                _log.Info($"withdrawing {Owned(i).Name}");
                _services.RemoveAt(i);
                changed = true;
            }
        }

        foreach (DnsSdService service in services)
        {
            MdnsOwnedName? existing = FindService(service);
            if (existing is null)
            {
                var owned = new MdnsOwnedName(service.Instance, service);
                _services.Add(owned);
                if (_started)
                {
                    BeginProbing(owned, InitialProbeDelay());
                }
            }
            else if (!existing.Service!.SameContent(service))
            {
                existing.Service = service;
                changed = true;
            }
        }

        if (changed && _started)
        {
            Reconcile();
        }

        Reschedule();
    }

    /// <summary>Starts probing the host name and every configured instance. Nothing is sent before.</summary>
    public void Start()
    {
        if (_started || _stopped)
        {
            return;
        }

        // One wait for all names, so they share probe and announcement packets.
        _started = true;
        TimeSpan delay = InitialProbeDelay();
        BeginProbing(_host, delay);
        foreach (MdnsOwnedName service in _services)
        {
            BeginProbing(service, delay);
        }

        Reschedule();
    }

    /// <summary>Sends goodbyes for every published record and stops; later calls do nothing.</summary>
    public void Shutdown()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        _timer?.Cancel();
        _timer = null;
        if (_published.Count > 0)
        {
            var goodbyes = new ArrayList();
            foreach (MdnsPublishedRecord p in _published)
            {
                p.Live = false;
                goodbyes.Add(Goodbye(p.Record));
            }

            SendToGroups(goodbyes, null);
            _log.Info($"goodbye sent for {goodbyes.Count} records");
        }

        _published.Clear();
        _pending.Clear();
    }

    /// <summary>
    /// Handles one received packet. Loop thread only: the platform posts this onto the scheduler.
    /// Malformed packets are counted and dropped.
    /// </summary>
    public void Receive(byte[] packet, int length, MdnsEndpoint source)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(source);
        if (!_started || _stopped)
        {
            return;
        }

        PacketsReceived++;
        DnsMessage message;
        try
        {
            message = DnsMessageReader.Decode(packet, length);
        }
        catch (DnsFormatException ex)
        {
            MalformedPackets++;
            _log.Debug($"dropped malformed packet from {source}: {ex.Message}");
            return;
        }

        // RFC 6762 section 18.3: other opcodes are silently ignored.
        if (message.Opcode != 0)
        {
            return;
        }

        if (message.IsResponse)
        {
            HandleResponse(message, source);
        }
        else
        {
            HandleQuery(message, source);
        }

        Reschedule();
    }

    private static bool Contains(DnsSdService[] services, DnsSdService wanted)
    {
        foreach (DnsSdService s in services)
        {
            if (s.SameInstance(wanted))
            {
                return true;
            }
        }

        return false;
    }

    private static DnsRecord Goodbye(DnsRecord record) =>
        // Without the cache-flush bit: with it, a goodbye for one address would flush the others.
        record.WithTtl(0, cacheFlush: false);

    private static bool ContainsAddress(ArrayList list, byte[] address)
    {
        foreach (byte[] a in list)
        {
            if (Bytes.AreEqual(a, address))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameAddresses(ArrayList a, byte[][] b)
    {
        if (a.Count != b.Length)
        {
            return false;
        }

        for (int i = 0; i < b.Length; i++)
        {
            if (!Bytes.AreEqual((byte[])a[i]!, b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="list"/> (of DnsRecord) holds the same record.</summary>
    private static bool ContainsRecord(ArrayList list, DnsRecord record)
    {
        foreach (DnsRecord r in list)
        {
            if (r.IsSameRecord(record))
            {
                return true;
            }
        }

        return false;
    }

    private MdnsOwnedName? FindService(DnsSdService service)
    {
        foreach (MdnsOwnedName owned in _services)
        {
            if (owned.Service!.SameInstance(service))
            {
                return owned;
            }
        }

        return null;
    }

    private MdnsOwnedName? FindOwned(DnsName name)
    {
        if (_host.Name.Equals(name))
        {
            return _host;
        }

        foreach (MdnsOwnedName owned in _services)
        {
            if (owned.Name.Equals(name))
            {
                return owned;
            }
        }

        return null;
    }

    private MdnsPublishedRecord? FindPublished(DnsRecord record)
    {
        foreach (MdnsPublishedRecord p in _published)
        {
            if (p.Record.IsSameRecord(record))
            {
                return p;
            }
        }

        return null;
    }

    private bool IsOwnAddress(MdnsEndpoint source)
    {
        if (Siblings is { } siblings)
        {
            foreach (MdnsResponder r in siblings)
            {
                if (r.HasAddress(source))
                {
                    return true;
                }
            }

            return false;
        }

        return HasAddress(source);
    }

    private bool HasAddress(MdnsEndpoint source)
    {
        foreach (byte[] a in _addresses)
        {
            if (source.SameAddress(a))
            {
                return true;
            }
        }

        return false;
    }

    private TimeSpan RandomDelay(int minMilliseconds, int maxMilliseconds) =>
        TimeSpan.FromTicks((minMilliseconds + (int)(_random.NextUInt32() % (uint)(maxMilliseconds - minMilliseconds + 1))) * TimeSpan.TicksPerMillisecond);

    private MdnsOwnedName Owned(int index) => (MdnsOwnedName)_services[index]!;

    private MdnsPublishedRecord Published(int index) => (MdnsPublishedRecord)_published[index]!;

    private MdnsPendingAnswer Pending(int index) => (MdnsPendingAnswer)_pending[index]!;

    /// <summary>
    /// Makes the published set match the claimed names: goodbyes for records that went away,
    /// three announcements for records that are new.
    /// </summary>
    private void Reconcile()
    {
        var desired = new ArrayList();
        if (_host.Claimed)
        {
            AddAll(desired, ProposedRecords(_host));
        }

        foreach (MdnsOwnedName s in _services)
        {
            if (!s.Claimed)
            {
                continue;
            }

            DnsSdService service = s.Service!;
            desired.Add(new PtrRecord(service.TypeName, ServiceRecordTtl, s.Name));
            var enumeration = new PtrRecord(ServiceEnumeration, ServiceRecordTtl, service.TypeName);
            if (!ContainsRecord(desired, enumeration))
            {
                desired.Add(enumeration);
            }

            AddAll(desired, ProposedRecords(s));
        }

        var goodbyes = new ArrayList();
        for (int i = _published.Count - 1; i >= 0; i--)
        {
            MdnsPublishedRecord p = Published(i);
            if (!ContainsRecord(desired, p.Record))
            {
                p.Live = false;
                goodbyes.Add(Goodbye(p.Record));
                _published.RemoveAt(i);
            }
        }

        foreach (DnsRecord record in desired)
        {
            if (FindPublished(record) is null)
            {
                _published.Add(new MdnsPublishedRecord(record) { AnnouncementsLeft = AnnouncementCount, NextAnnounceAt = Now });
            }
        }

        for (int i = _pending.Count - 1; i >= 0; i--)
        {
            if (Pending(i).Source is { Live: false })
            {
                _pending.RemoveAt(i);
            }
        }

        if (goodbyes.Count > 0)
        {
            Reverse(goodbyes);
            SendToGroups(goodbyes, null);
            _log.Debug($"goodbye sent for {goodbyes.Count} withdrawn records");
        }
    }

    private void Reschedule()
    {
        if (_stopped || !_started)
        {
            return;
        }

        bool any = false;
        TimeSpan due = TimeSpan.MaxValue;
        Consider(_host);
        foreach (MdnsOwnedName s in _services)
        {
            Consider(s);
        }

        foreach (MdnsPublishedRecord p in _published)
        {
            if (p.AnnouncementsLeft > 0)
            {
                any = true;
                due = p.NextAnnounceAt < due ? p.NextAnnounceAt : due;
            }
        }

        foreach (MdnsPendingAnswer a in _pending)
        {
            any = true;
            due = a.Due < due ? a.Due : due;
        }

        if (!any)
        {
            _timer?.Cancel();
            _timer = null;
            return;
        }

        if (_timer is { IsActive: true } && _timerDue == due)
        {
            return;
        }

        _timer?.Cancel();
        TimeSpan delay = due - Now;
        _timer = _scheduler.After(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, OnTimer);
        _timerDue = due;

        void Consider(MdnsOwnedName owned)
        {
            if (!owned.Claimed)
            {
                any = true;
                due = owned.NextProbeAt < due ? owned.NextProbeAt : due;
            }
        }
    }

    private void OnTimer()
    {
        _timer = null;
        if (_stopped)
        {
            return;
        }

        TimeSpan now = Now;
        RunProbes(now);
        RunAnnouncements(now);
        RunPendingAnswers(now);
        Reschedule();
    }

    private void RunAnnouncements(TimeSpan now)
    {
        var answers = new ArrayList();
        foreach (MdnsPublishedRecord p in _published)
        {
            if (p.AnnouncementsLeft > 0 && p.NextAnnounceAt <= now)
            {
                answers.Add(p.Record);
                p.AnnouncementsLeft--;

                // 1 s after the first, 2 s after the second (RFC 6762 8.3: the gap at least doubles).
                p.NextAnnounceAt = now + TimeSpan.FromSeconds(1 << (AnnouncementCount - 1 - p.AnnouncementsLeft));
                p.LastMulticastV4 = now;
                p.LastMulticastV6 = now;
            }
        }

        if (answers.Count > 0)
        {
            SendToGroups(answers, Additionals(answers, null));
        }
    }

    private void SendToGroups(ArrayList answers, ArrayList? additionals)
    {
        SendRecords(answers, additionals, MdnsEndpoint.MulticastV4);
        SendRecords(answers, additionals, MdnsEndpoint.MulticastV6);
    }

    /// <summary>Sends answers in as many packets as they need; additionals go in the last one, as far as they fit.</summary>
    private void SendRecords(ArrayList answers, ArrayList? additionals, MdnsEndpoint destination)
    {
        _writer.Begin(0, DnsMessage.MdnsResponseFlags);
        foreach (DnsRecord r in answers)
        {
            if (_writer.TryAdd(DnsSection.Answer, r))
            {
                continue;
            }

            if (_writer.RecordCount > 0)
            {
                Transmit(_writer.ToArray(), destination);
                _writer.Begin(0, DnsMessage.MdnsResponseFlags);
            }

            if (!_writer.TryAdd(DnsSection.Answer, r))
            {
                _log.Warn($"record {r.Name} does not fit in a packet; not sent");
            }
        }

        if (additionals is not null)
        {
            foreach (DnsRecord r in additionals)
            {
                if (!_writer.TryAdd(DnsSection.Additional, r))
                {
                    break;
                }
            }
        }

        if (_writer.RecordCount > 0)
        {
            Transmit(_writer.ToArray(), destination);
        }
    }

    private void Transmit(byte[] packet, MdnsEndpoint destination)
    {
        PacketsSent++;
        _transport.Send(packet, packet.Length, destination);
    }

    private static void AddAll(ArrayList list, ArrayList items)
    {
        foreach (object item in items)
        {
            list.Add(item);
        }
    }

    private static void Reverse(ArrayList list)
    {
        for (int i = 0, j = list.Count - 1; i < j; i++, j--)
        {
            object? t = list[i];
            list[i] = list[j];
            list[j] = t;
        }
    }
}
