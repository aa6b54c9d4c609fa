using System;
using System.Collections;
using Mash.Protocol.Dns;

namespace Mash.Device.Discovery;

/// <summary>Claiming names and keeping them: RFC 6762 sections 8 and 9.</summary>
public sealed partial class MdnsResponder
{
    private TimeSpan InitialProbeDelay() => InConflictStorm() ? ConflictStormDelay : RandomDelay(0, 250);

    private bool InConflictStorm()
    {
        if (ConflictsDetected < ConflictStormCount)
        {
            return false;
        }

        // The slot under the cursor holds the oldest of the last 15 conflicts.
        return Now - _recentConflicts[_conflictCursor] < ConflictStormWindow;
    }

    private void NoteConflict()
    {
        ConflictsDetected++;
        _recentConflicts[_conflictCursor] = Now;
        _conflictCursor = (_conflictCursor + 1) % _recentConflicts.Length;
    }

    private void BeginProbing(MdnsOwnedName owned, TimeSpan delay)
    {
        owned.Claimed = false;
        owned.ProbesSent = 0;
        owned.NextProbeAt = Now + delay;
    }

    private void Rename(MdnsOwnedName owned)
    {
        DnsName old = owned.Name;
        owned.Suffix++;
        owned.UpdateName();
        _log.Warn($"{old} is already in use on the network; trying {owned.Name}");
        BeginProbing(owned, InitialProbeDelay());
        if (owned == _host)
        {
            // Claimed instances point their SRV at the host name: re-announce them with the new one.
            Reconcile();
        }
    }

    /// <summary>The unique records (DnsRecord) a name would own: what its probes propose and what conflicts are judged against.</summary>
    private ArrayList ProposedRecords(MdnsOwnedName owned)
    {
        var records = new ArrayList();
        if (owned.Service is null)
        {
            foreach (byte[] address in _addresses)
            {
                records.Add(new AddressRecord(_host.Name, HostRecordTtl, address, cacheFlush: true));
            }
        }
        else
        {
            DnsSdService s = owned.Service;
            records.Add(new SrvRecord(owned.Name, HostRecordTtl, 0, 0, s.Port, _host.Name, cacheFlush: true));
            records.Add(new TxtRecord(owned.Name, ServiceRecordTtl, s.Txt, cacheFlush: true));
        }

        return records;
    }

    private void RunProbes(TimeSpan now)
    {
        var probing = new ArrayList();
        bool claimed = false;
        Visit(_host);
        foreach (MdnsOwnedName s in _services)
        {
            Visit(s);
        }

        if (probing.Count > 0)
        {
            SendProbe(probing);
            foreach (MdnsOwnedName owned in probing)
            {
                owned.ProbesSent++;
                owned.NextProbeAt = now + ProbeInterval;
            }
        }

        if (claimed)
        {
            Reconcile();
        }

        void Visit(MdnsOwnedName owned)
        {
            if (owned.Claimed || owned.NextProbeAt > now)
            {
                return;
            }

            if (owned.ProbesSent >= ProbeCount)
            {
                owned.Claimed = true;
                claimed = true;
                _log.Info($"claimed {owned.Name}");
            }
            else
            {
                probing.Add(owned);
            }
        }
    }

    private void SendProbe(ArrayList names)
    {
        // All names in one packet when they fit, else one packet per name.
        if (!TrySendProbe(names, 0, names.Count))
        {
            for (int i = 0; i < names.Count; i++)
            {
                if (!TrySendProbe(names, i, 1))
                {
                    _log.Warn($"probe for {((MdnsOwnedName)names[i]!).Name} does not fit in a packet; not sent");
                }
            }
        }
    }

    private bool TrySendProbe(ArrayList names, int first, int count)
    {
        _writer.Begin(0, 0);
        for (int i = first; i < first + count; i++)
        {
            // RFC 6762 8.1: the first probe asks for a unicast reply; later ones are plain multicast,
            // which also reaches us when another responder on this host holds the unicast port.
            var name = (MdnsOwnedName)names[i]!;
            if (!_writer.TryAdd(new DnsQuestion(name.Name, DnsRecordType.Any, unicastResponse: name.ProbesSent == 0)))
            {
                return false;
            }
        }

        for (int i = first; i < first + count; i++)
        {
            foreach (DnsRecord r in ProposedRecords((MdnsOwnedName)names[i]!))
            {
                if (!_writer.TryAdd(DnsSection.Authority, r))
                {
                    return false;
                }
            }
        }

        byte[] packet = _writer.ToArray();
        Transmit(packet, MdnsEndpoint.MulticastV4);
        Transmit(packet, MdnsEndpoint.MulticastV6);
        return true;
    }

    private void HandleResponse(DnsMessage message, MdnsEndpoint source)
    {
        // RFC 6762 section 6 and 18.11: responses come from port 5353 with rcode 0, or are ignored.
        if (source.Port != MdnsEndpoint.MdnsPort || message.ResponseCode != 0)
        {
            return;
        }

        bool fromSelf = IsOwnAddress(source);
        InspectResponse(message.Answers, source, fromSelf);
        InspectResponse(message.Additionals, source, fromSelf);
    }

    private void InspectResponse(DnsRecord[] records, MdnsEndpoint source, bool fromSelf)
    {
        foreach (DnsRecord r in records)
        {
            if (!fromSelf && r.Ttl > 0)
            {
                CheckConflict(r);
            }

            MdnsPublishedRecord? p = FindPublished(r);
            if (p is null)
            {
                continue;
            }

            if (r.Ttl < p.Record.Ttl / 2)
            {
                // RFC 6762 section 9: someone shows our record about to expire (or says goodbye for
                // it): put the right TTL back on the wire.
                if (!fromSelf)
                {
                    QueueMulticast(p.Record, p, source.IsIPv6, Now, null, probeDefense: false);
                }
            }
            else
            {
                // RFC 6762 7.4: someone just multicast the answer we were about to send.
                for (int i = _pending.Count - 1; i >= 0; i--)
                {
                    MdnsPendingAnswer a = Pending(i);
                    if (a.Source == p && a.IPv6 == source.IsIPv6 && !a.ProbeDefense)
                    {
                        _pending.RemoveAt(i);
                    }
                }
            }
        }
    }

    private void CheckConflict(DnsRecord record)
    {
        MdnsOwnedName? owned = FindOwned(record.Name);
        if (owned is null || !OwnsType(owned, record.Type) || record.Class != DnsClass.Internet)
        {
            return;
        }

        foreach (DnsRecord ours in ProposedRecords(owned))
        {
            if (ours.IsSameRecord(record))
            {
                return;
            }
        }

        NoteConflict();
        if (!owned.Claimed)
        {
            Rename(owned);
            return;
        }

        // RFC 6762 section 9: withdraw and probe again; the probe decides whether to rename.
        _log.Warn($"another host answers for {owned.Name} ({record}); probing it again");
        BeginProbing(owned, InitialProbeDelay());
        Reconcile();
    }

    private static bool OwnsType(MdnsOwnedName owned, DnsRecordType type) => owned.Service is null
        ? type is DnsRecordType.A or DnsRecordType.Aaaa
        : type is DnsRecordType.Srv or DnsRecordType.Txt;

    private void HandleProbe(DnsMessage probe, MdnsEndpoint source)
    {
        // Our own probes (looped back, or from this device's other links) are no contest.
        bool fromSelf = IsOwnAddress(source);
        foreach (DnsQuestion q in probe.Questions)
        {
            MdnsOwnedName? owned = FindOwned(q.Name);
            if (owned is null)
            {
                continue;
            }

            if (owned.Claimed)
            {
                // Defend the name at once (RFC 6762 6: probe answers skip the random delay).
                foreach (MdnsPublishedRecord p in _published)
                {
                    if (p.Record.CacheFlush && p.Record.Name.Equals(owned.Name))
                    {
                        QueueMulticast(p.Record, p, source.IsIPv6, Now, null, probeDefense: true);
                    }
                }

                continue;
            }

            var theirs = new ArrayList();
            foreach (DnsRecord r in probe.Authorities)
            {
                if (r.Name.Equals(owned.Name))
                {
                    theirs.Add(r);
                }
            }

            if (fromSelf || owned.ProbesSent == 0 || theirs.Count == 0)
            {
                continue;
            }

            if (CompareProposals(ProposedRecords(owned), theirs) < 0)
            {
                _log.Info($"another host probes for {owned.Name} with a later proposal; probing again in {(long)LostTieBreakDelay.TotalSeconds} s");
                BeginProbing(owned, LostTieBreakDelay);
            }
        }
    }

    /// <summary>
    /// RFC 6762 8.2: sort both proposals by class, type and raw data, compare record by record;
    /// the first difference decides, and if one runs out first the longer one is later.
    /// </summary>
    private static int CompareProposals(ArrayList ours, ArrayList theirs)
    {
        byte[][] a = SortedKeys(ours);
        byte[][] b = SortedKeys(theirs);
        for (int i = 0; i < a.Length && i < b.Length; i++)
        {
            int c = CompareBytes(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length < b.Length ? -1 : a.Length > b.Length ? 1 : 0;
    }

    /// <summary>Lexicographic order of unsigned bytes; a prefix sorts first. Only the sign counts.</summary>
    private static int CompareBytes(byte[] x, byte[] y)
    {
        for (int i = 0; i < x.Length && i < y.Length; i++)
        {
            if (x[i] != y[i])
            {
                return x[i] - y[i];
            }
        }

        return x.Length - y.Length;
    }

    private static byte[][] SortedKeys(ArrayList records)
    {
        var keys = new byte[records.Count][];
        int n = 0;
        foreach (DnsRecord r in records)
        {
            byte[] data = r.GetCanonicalData();
            var key = new byte[4 + data.Length];
            key[0] = (byte)(r.Class >> 8);
            key[1] = (byte)r.Class;
            key[2] = (byte)((int)r.Type >> 8);
            key[3] = (byte)r.Type;
            Array.Copy(data, 0, key, 4, data.Length);

            // Insertion sort: a proposal has a handful of records.
            int at = n;
            while (at > 0 && CompareBytes(keys[at - 1], key) > 0)
            {
                keys[at] = keys[at - 1];
                at--;
            }

            keys[at] = key;
            n++;
        }

        return keys;
    }
}
