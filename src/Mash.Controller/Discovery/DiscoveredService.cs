using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Mash.Controller.Discovery;

/// <summary>
/// One MASH service instance as mDNS answers described it. Anything not (yet) answered is null or
/// empty; <see cref="IsResolved"/> says whether it can be dialled.
/// </summary>
public sealed record DiscoveredService
{
    public required ServiceKind Kind { get; init; }

    /// <summary>The instance label: <c>MASH-1234</c>, or <c>&lt;zone-id&gt;-&lt;device-id&gt;</c>.</summary>
    public required string Instance { get; init; }

    /// <summary>The host the SRV record names (<c>mash-&lt;device-id&gt;.local</c>), without the trailing dot.</summary>
    public string? Host { get; init; }

    public int? Port { get; init; }

    /// <summary>IPv4 first, then IPv6; link-local IPv6 carries the scope of the interface it was heard on.</summary>
    public IReadOnlyList<IPAddress> Addresses { get; init; } = [];

    /// <summary>TXT keys and values (keys compared ignoring case).</summary>
    public IReadOnlyDictionary<string, string> Txt { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>TXT D: the 12-bit discriminator of a commissionable device.</summary>
    public int? Discriminator => Txt.TryGetValue("D", out string? d) && int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : null;

    /// <summary>TXT ZI of an operational instance.</summary>
    public string? ZoneId => Value("ZI");

    /// <summary>TXT DI of an operational instance.</summary>
    public string? DeviceId => Value("DI");

    public string? Brand => Value("brand");

    public string? Model => Value("model");

    /// <summary>Host, port and at least one address are known.</summary>
    public bool IsResolved => Host is not null && Port is not null && Addresses.Count > 0;

    /// <summary>The address to dial: IPv4 first (as the reference dials), then global, then link-local IPv6.</summary>
    public IPAddress? PreferredAddress
    {
        get
        {
            IPAddress? best = null;
            foreach (IPAddress address in Addresses)
            {
                if (best is null || Rank(address) < Rank(best))
                {
                    best = address;
                }
            }

            return best;
        }
    }

    private static int Rank(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork ? 0 : address.IsIPv6LinkLocal ? 2 : 1;

    private string? Value(string key) => Txt.TryGetValue(key, out string? value) ? value : null;
}
