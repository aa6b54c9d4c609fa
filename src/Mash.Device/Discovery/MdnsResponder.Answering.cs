using System;
using System.Collections;
using Mash.Protocol.Dns;

namespace Mash.Device.Discovery;

/// <summary>Answering queries: RFC 6762 sections 5 to 7, RFC 6763 section 12.</summary>
public sealed partial class MdnsResponder
{
    private void HandleQuery(DnsMessage query, MdnsEndpoint source)
    {
        bool legacy = source.Port != MdnsEndpoint.MdnsPort;
        TimeSpan now = Now;
        if (!legacy)
        {
            if (query.Authorities.Length > 0)
            {
                HandleProbe(query, source);
            }

            SuppressKnownAnswers(query, source);
        }

        var unicast = new ArrayList();          // DnsRecord
        var multicast = new ArrayList();        // DnsRecord
        var multicastSources = new ArrayList(); // MdnsPublishedRecord, or null for a synthesized NSEC
        bool allUnique = true;
        foreach (DnsQuestion q in query.Questions)
        {
            if (q.Class != DnsClass.Internet && q.Class != DnsClass.Any)
            {
                continue;
            }

            bool matched = false;
            foreach (MdnsPublishedRecord p in _published)
            {
                if (p.Record.Name.Equals(q.Name) && (q.Type == DnsRecordType.Any || q.Type == p.Record.Type))
                {
                    matched = true;
                    Route(q, p.Record, p);
                }
            }

            if (!matched && q.Type != DnsRecordType.Any && NegativeAnswer(q.Name) is { } nsec)
            {
                Route(q, nsec, null);
            }
        }

        if (unicast.Count > 0)
        {
            if (legacy)
            {
                SendLegacyUnicast(query, unicast, source);
            }
            else
            {
                SendRecords(unicast, Additionals(unicast, query), source);
            }
        }

        if (multicast.Count > 0)
        {
            TimeSpan delay = query.IsTruncated ? RandomDelay(400, 500) : allUnique ? TimeSpan.Zero : RandomDelay(20, 120);
            for (int i = 0; i < multicast.Count; i++)
            {
                QueueMulticast((DnsRecord)multicast[i]!, (MdnsPublishedRecord?)multicastSources[i], source.IsIPv6, now + delay, source, probeDefense: false);
            }
        }

        void Route(DnsQuestion q, DnsRecord record, MdnsPublishedRecord? p)
        {
            if (IsKnownAnswer(query, record))
            {
                return;
            }

            if (legacy)
            {
                Add(unicast, record);
                return;
            }

            if (q.UnicastResponse)
            {
                TimeSpan last = p is null ? MdnsPublishedRecord.Never : source.IsIPv6 ? p.LastMulticastV6 : p.LastMulticastV4;
                // A quarter of the TTL, exact to the tick.
                if (now - last >= TimeSpan.FromTicks(record.Ttl * TimeSpan.TicksPerSecond / 4))
                {
                    Add(unicast, record);
                    return;
                }
            }

            if (!ContainsRecord(multicast, record))
            {
                multicast.Add(record);
                multicastSources.Add(p);
                allUnique &= record.CacheFlush;
            }
        }

        static void Add(ArrayList list, DnsRecord record)
        {
            if (!ContainsRecord(list, record))
            {
                list.Add(record);
            }
        }
    }

    /// <summary>RFC 6762 7.2: known answers (possibly in a follow-up packet) cancel what this querier asked for.</summary>
    private void SuppressKnownAnswers(DnsMessage query, MdnsEndpoint source)
    {
        if (query.Answers.Length == 0)
        {
            return;
        }

        for (int i = _pending.Count - 1; i >= 0; i--)
        {
            MdnsPendingAnswer a = Pending(i);
            if (!a.ProbeDefense && a.Querier is not null && a.Querier.Equals(source) && IsKnownAnswer(query, a.Record))
            {
                _pending.RemoveAt(i);
            }
        }
    }

    /// <summary>RFC 6762 7.1: the querier already holds the record with at least half its TTL left.</summary>
    private static bool IsKnownAnswer(DnsMessage? query, DnsRecord record)
    {
        if (query is null)
        {
            return false;
        }

        foreach (DnsRecord known in query.Answers)
        {
            if (known.Ttl >= record.Ttl / 2 && known.IsSameRecord(record))
            {
                return true;
            }
        }

        return false;
    }

    private NsecRecord? NegativeAnswer(DnsName name)
    {
        MdnsOwnedName? owned = FindOwned(name);
        if (owned is null || !owned.Claimed)
        {
            return null;
        }

        var types = new DnsRecordType[_published.Count];
        int count = 0;
        foreach (MdnsPublishedRecord p in _published)
        {
            if (p.Record.CacheFlush && p.Record.Name.Equals(owned.Name) && !HasType(types, count, p.Record.Type))
            {
                types[count++] = p.Record.Type;
            }
        }

        if (count == 0)
        {
            return null;
        }

        var present = new DnsRecordType[count];
        Array.Copy(types, present, count);
        return new NsecRecord(owned.Name, HostRecordTtl, owned.Name, present, cacheFlush: true);
    }

    private static bool HasType(DnsRecordType[] types, int count, DnsRecordType type)
    {
        for (int i = 0; i < count; i++)
        {
            if (types[i] == type)
            {
                return true;
            }
        }

        return false;
    }

    private void QueueMulticast(DnsRecord record, MdnsPublishedRecord? source, bool ipv6, TimeSpan due, MdnsEndpoint? querier, bool probeDefense)
    {
        foreach (MdnsPendingAnswer a in _pending)
        {
            if (a.IPv6 == ipv6 && a.Record.IsSameRecord(record))
            {
                a.Due = due < a.Due ? due : a.Due;
                a.ProbeDefense |= probeDefense;
                if (a.Querier is not null && !a.Querier.Equals(querier))
                {
                    // Asked by several hosts: one host's known answers must not cancel it for the others.
                    a.Querier = null;
                }

                return;
            }
        }

        if (_pending.Count >= MaxPendingAnswers)
        {
            _log.Debug($"answer queue full; dropping {record.Name}");
            return;
        }

        _pending.Add(new MdnsPendingAnswer(record, source, ipv6, due, querier, probeDefense));
    }

    /// <summary>
    /// RFC 6763 section 12 and RFC 6762 6.2: what a querier will ask for next, so it need not.
    /// PTR brings the instance's SRV and TXT and the host's addresses; SRV and addresses bring
    /// the host's addresses, with an NSEC when the host has only one address family.
    /// </summary>
    private ArrayList Additionals(ArrayList answers, DnsMessage? query)
    {
        var extra = new ArrayList();
        bool host = false;
        foreach (DnsRecord a in answers)
        {
            if (a is PtrRecord ptr && FindOwned(ptr.Target) is { Service: not null, Claimed: true } instance)
            {
                foreach (MdnsPublishedRecord p in _published)
                {
                    if (p.Record.CacheFlush && p.Record.Name.Equals(instance.Name))
                    {
                        extra.Add(p.Record);
                    }
                }

                host = true;
            }
            else if (a.Type is DnsRecordType.Srv or DnsRecordType.A or DnsRecordType.Aaaa)
            {
                host = true;
            }
        }

        if (host)
        {
            bool v4 = false;
            bool v6 = false;
            foreach (MdnsPublishedRecord p in _published)
            {
                if (p.Record is AddressRecord address && p.Record.Name.Equals(_host.Name))
                {
                    extra.Add(address);
                    v4 |= !address.IsIPv6;
                    v6 |= address.IsIPv6;
                }
            }

            if (v4 != v6 && NegativeAnswer(_host.Name) is { } nsec)
            {
                extra.Add(nsec);
            }
        }

        var result = new ArrayList();
        foreach (DnsRecord r in extra)
        {
            if (!ContainsRecord(answers, r) && !ContainsRecord(result, r) && !IsKnownAnswer(query, r))
            {
                result.Add(r);
            }
        }

        return result;
    }

    private void RunPendingAnswers(TimeSpan now)
    {
        var v4 = new ArrayList();     // DnsRecord
        var v6 = new ArrayList();
        var sentV4 = new ArrayList(); // MdnsPublishedRecord
        var sentV6 = new ArrayList();
        for (int i = 0; i < _pending.Count; i++)
        {
            MdnsPendingAnswer a = Pending(i);
            if (a.Due > now)
            {
                continue;
            }

            if (a.Source is { } p)
            {
                TimeSpan last = a.IPv6 ? p.LastMulticastV6 : p.LastMulticastV4;
                TimeSpan limit = a.ProbeDefense ? ProbeDefenseRateLimit : RateLimit;
                if (now - last < limit)
                {
                    a.Due = last + limit;
                    continue;
                }

                (a.IPv6 ? sentV6 : sentV4).Add(p);
            }

            ArrayList list = a.IPv6 ? v6 : v4;
            if (!ContainsRecord(list, a.Record))
            {
                list.Add(a.Record);
            }

            _pending.RemoveAt(i--);
        }

        if (v4.Count > 0)
        {
            SendRecords(v4, Additionals(v4, null), MdnsEndpoint.MulticastV4);
        }

        if (v6.Count > 0)
        {
            SendRecords(v6, Additionals(v6, null), MdnsEndpoint.MulticastV6);
        }

        foreach (MdnsPublishedRecord p in sentV4)
        {
            p.LastMulticastV4 = now;
        }

        foreach (MdnsPublishedRecord p in sentV6)
        {
            p.LastMulticastV6 = now;
        }
    }

    /// <summary>RFC 6762 6.7: a plain DNS client gets a plain DNS answer: its ID, its question, short TTLs, no cache-flush bits.</summary>
    private void SendLegacyUnicast(DnsMessage query, ArrayList answers, MdnsEndpoint destination)
    {
        _writer.Begin(query.Id, DnsMessage.MdnsResponseFlags);
        foreach (DnsQuestion q in query.Questions)
        {
            _writer.TryAdd(new DnsQuestion(q.Name, q.Type, unicastResponse: false, q.Class));
        }

        foreach (DnsRecord r in answers)
        {
            _writer.TryAdd(DnsSection.Answer, Legacy(r));
        }

        foreach (DnsRecord r in Additionals(answers, query))
        {
            if (!_writer.TryAdd(DnsSection.Additional, Legacy(r)))
            {
                break;
            }
        }

        Transmit(_writer.ToArray(), destination);

        static DnsRecord Legacy(DnsRecord r) => r.WithTtl(r.Ttl < LegacyUnicastMaxTtl ? r.Ttl : LegacyUnicastMaxTtl, cacheFlush: false);
    }
}
