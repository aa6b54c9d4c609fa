using System;
using Mash.Protocol.Dns;

namespace Mash.Device.Discovery;

/// <summary>
/// One DNS-SD service instance to advertise in .local: "&lt;instance&gt;.&lt;type&gt;.local" with
/// SRV to this host and a TXT record of "key=value" strings (RFC 6763).
/// </summary>
public sealed class DnsSdService
{
    private readonly string[] _txt;

    public DnsSdService(string instance, string serviceType, ushort port, string[] txt)
    {
        ArgumentException.ThrowIfNullOrEmpty(instance);
        ArgumentException.ThrowIfNullOrEmpty(serviceType);
        ArgumentNullException.ThrowIfNull(txt);
        var copy = new string[txt.Length];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = txt[i] ?? throw new ArgumentException("a TXT string cannot be null", nameof(txt));
        }

        // Fails early on a label that is too long rather than on the first packet.
        TypeName = DnsName.Parse(serviceType + ".local");
        _ = TypeName.Prepend(instance);
        Instance = instance;
        ServiceType = serviceType;
        Port = port;
        _txt = copy;
    }

    /// <summary>The instance label as configured; the responder may add "-2", "-3" after a conflict.</summary>
    public string Instance { get; }

    /// <summary>"_mashc._udp", without the domain.</summary>
    public string ServiceType { get; }

    /// <summary>"_mashc._udp.local".</summary>
    public DnsName TypeName { get; }

    public ushort Port { get; }

    /// <summary>The TXT strings (a copy).</summary>
    public string[] Txt => (string[])_txt.Clone();

    /// <summary>Same instance of the same service type (what a rename is keyed on).</summary>
    public bool SameInstance(DnsSdService other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return DnsName.LabelEquals(other.Instance, Instance) && other.TypeName.Equals(TypeName);
    }

    /// <summary>Same instance with the same port and TXT strings.</summary>
    public bool SameContent(DnsSdService other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!SameInstance(other) || other.Port != Port || other._txt.Length != _txt.Length)
        {
            return false;
        }

        for (int i = 0; i < _txt.Length; i++)
        {
            if (other._txt[i] != _txt[i])
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => $"{Instance}.{ServiceType}.local:{Port}";
}
