using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using Mash.Protocol.Dns;

namespace Mash.Controller.Discovery;

/// <summary>
/// Assembles MASH service instances from mDNS responses: PTR (which instances), SRV (host and
/// port), TXT (keys) and A/AAAA (addresses), from any section and in any order, as responders
/// send them. Goodbyes (TTL 0) withdraw. No sockets, so it is tested with packets built in memory.
/// Not thread-safe.
/// </summary>
public sealed class DnsSdCollector
{
    /// <summary><c>_mashc._udp.local</c>: commissionable devices.</summary>
    public static readonly DnsName CommissionableType = DnsName.Parse("_mashc._udp.local");

    /// <summary><c>_mash._tcp.local</c>: operational (commissioned) devices.</summary>
    public static readonly DnsName OperationalType = DnsName.Parse("_mash._tcp.local");

    private readonly List<DnsName> _instances = [];
    private readonly Dictionary<DnsName, SrvRecord> _srv = [];
    private readonly Dictionary<DnsName, TxtRecord> _txt = [];
    private readonly Dictionary<DnsName, List<IPAddress>> _addresses = [];

    /// <summary>Instances in the order they were first heard of.</summary>
    public IReadOnlyList<DiscoveredService> Services
    {
        get
        {
            var services = new List<DiscoveredService>(_instances.Count);
            foreach (DnsName instance in _instances)
            {
                services.Add(Describe(instance));
            }

            return services;
        }
    }

    /// <summary>The browse query: PTR for both service types, QU bit off (answers go to the group, where every browser learns from them).</summary>
    public static DnsMessage BrowseQuery() => new(
        0,
        0,
        [new DnsQuestion(CommissionableType, DnsRecordType.Ptr), new DnsQuestion(OperationalType, DnsRecordType.Ptr)]);

    /// <summary>Takes the records of one response; queries and foreign services are ignored.</summary>
    /// <param name="message">A decoded packet.</param>
    /// <param name="scopeId">The interface the packet came in on, for link-local IPv6 addresses (0: unknown).</param>
    public void Add(DnsMessage message, long scopeId = 0)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.IsResponse)
        {
            return;
        }

        // PTRs first, so SRV and TXT in the same packet find their instance known.
        foreach (IReadOnlyList<DnsRecord> section in (IReadOnlyList<DnsRecord>[])[message.Answers, message.Additionals])
        {
            foreach (DnsRecord record in section)
            {
                if (record is PtrRecord ptr && IsMashType(ptr.Name) && IsInstanceOf(ptr.Target, ptr.Name))
                {
                    AddInstance(ptr.Target, ptr.Ttl == 0);
                }
            }
        }

        foreach (IReadOnlyList<DnsRecord> section in (IReadOnlyList<DnsRecord>[])[message.Answers, message.Additionals])
        {
            foreach (DnsRecord record in section)
            {
                Take(record, scopeId);
            }
        }
    }

    /// <summary>Questions for what is still missing: SRV and TXT of instances, addresses of hosts.</summary>
    public IReadOnlyList<DnsQuestion> MissingQuestions()
    {
        var questions = new List<DnsQuestion>();
        foreach (DnsName instance in _instances)
        {
            if (!_srv.TryGetValue(instance, out SrvRecord? srv))
            {
                questions.Add(new DnsQuestion(instance, DnsRecordType.Srv));
            }
            else if (!_addresses.ContainsKey(srv.Target))
            {
                questions.Add(new DnsQuestion(srv.Target, DnsRecordType.A));
                questions.Add(new DnsQuestion(srv.Target, DnsRecordType.Aaaa));
            }

            if (!_txt.ContainsKey(instance))
            {
                questions.Add(new DnsQuestion(instance, DnsRecordType.Txt));
            }
        }

        return questions;
    }

    private static bool IsMashType(DnsName name) => name.Equals(CommissionableType) || name.Equals(OperationalType);

    private static bool IsInstanceOf(DnsName instance, DnsName type) =>
        instance.LabelCount == type.LabelCount + 1 && instance.Suffix(1).Equals(type);

    private static bool IsMashInstance(DnsName name) => name.LabelCount > 1 && IsMashType(name.Suffix(1));

    private static string Dotless(DnsName name)
    {
        string text = name.ToString();
        return text.EndsWith('.') ? text[..^1] : text;
    }

    private void AddInstance(DnsName instance, bool goodbye)
    {
        int index = _instances.IndexOf(instance);
        if (goodbye)
        {
            if (index >= 0)
            {
                _instances.RemoveAt(index);
            }
        }
        else if (index < 0)
        {
            _instances.Add(instance);
        }
    }

    private void Take(DnsRecord record, long scopeId)
    {
        switch (record)
        {
            case SrvRecord srv when IsMashInstance(srv.Name):
                if (srv.Ttl == 0)
                {
                    _srv.Remove(srv.Name);
                }
                else
                {
                    _srv[srv.Name] = srv;
                    AddInstance(srv.Name, goodbye: false);
                }

                break;
            case TxtRecord txt when IsMashInstance(txt.Name):
                if (txt.Ttl == 0)
                {
                    _txt.Remove(txt.Name);
                }
                else
                {
                    _txt[txt.Name] = txt;
                }

                break;
            case AddressRecord address:
                TakeAddress(address, scopeId);
                break;
        }
    }

    private void TakeAddress(AddressRecord record, long scopeId)
    {
        var address = new IPAddress(record.GetAddressBytes());
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv6LinkLocal && scopeId > 0)
        {
            address.ScopeId = scopeId;
        }

        if (!_addresses.TryGetValue(record.Name, out List<IPAddress>? list))
        {
            if (record.Ttl == 0)
            {
                return;
            }

            list = [];
            _addresses[record.Name] = list;
        }

        int index = list.IndexOf(address);
        if (record.Ttl == 0)
        {
            if (index >= 0)
            {
                list.RemoveAt(index);
            }
        }
        else if (index < 0)
        {
            list.Add(address);
        }
    }

    private DiscoveredService Describe(DnsName instance)
    {
        var txt = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (_txt.TryGetValue(instance, out TxtRecord? record))
        {
            foreach (string entry in record.Strings)
            {
                int eq = entry.IndexOf('=', StringComparison.Ordinal);
                string key = eq < 0 ? entry : entry[..eq];

                // RFC 6763 6.4: only the first occurrence of a key counts.
                if (key.Length > 0)
                {
                    txt.TryAdd(key, eq < 0 ? string.Empty : entry[(eq + 1)..]);
                }
            }
        }

        string? host = null;
        int? port = null;
        var addresses = new List<IPAddress>();
        if (_srv.TryGetValue(instance, out SrvRecord? srv))
        {
            host = Dotless(srv.Target);
            port = srv.Port;
            if (_addresses.TryGetValue(srv.Target, out List<IPAddress>? known))
            {
                foreach (IPAddress a in known)
                {
                    if (a.AddressFamily == AddressFamily.InterNetwork)
                    {
                        addresses.Add(a);
                    }
                }

                foreach (IPAddress a in known)
                {
                    if (a.AddressFamily != AddressFamily.InterNetwork)
                    {
                        addresses.Add(a);
                    }
                }
            }
        }

        return new DiscoveredService
        {
            Kind = instance.Suffix(1).Equals(CommissionableType) ? ServiceKind.Commissionable : ServiceKind.Operational,
            Instance = instance[0],
            Host = host,
            Port = port,
            Addresses = addresses,
            Txt = txt,
        };
    }
}
