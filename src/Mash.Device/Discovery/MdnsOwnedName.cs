using System;
using System.Globalization;
using System.Text;
using Mash.Protocol.Dns;

namespace Mash.Device.Discovery;

/// <summary>A name this responder probes for and then owns: the host name or one instance name.</summary>
internal sealed class MdnsOwnedName
{
    public MdnsOwnedName(string baseLabel, DnsSdService? service)
    {
        BaseLabel = baseLabel;
        Service = service;
        Name = service is null ? new DnsName(baseLabel, "local") : service.TypeName.Prepend(baseLabel);
    }

    public string BaseLabel { get; }

    /// <summary>Null for the host name.</summary>
    public DnsSdService? Service { get; set; }

    /// <summary>1 until the first conflict; then the label gets "-2", "-3", ...</summary>
    public int Suffix { get; set; } = 1;

    public DnsName Name { get; private set; }

    public bool Claimed { get; set; }

    public int ProbesSent { get; set; }

    public TimeSpan NextProbeAt { get; set; }

    public void UpdateName()
    {
        string label = Label();
        Name = Service is null ? new DnsName(label, "local") : Service.TypeName.Prepend(label);
    }

    private string Label()
    {
        if (Suffix == 1)
        {
            return BaseLabel;
        }

        string suffix = "-" + Suffix.ToString(CultureInfo.InvariantCulture);
        string stem = BaseLabel;
        while (Encoding.UTF8.GetByteCount(stem) + suffix.Length > DnsLimits.MaxLabelLength)
        {
            stem = stem.Substring(0, stem.Length - 1);
        }

        return stem + suffix;
    }
}
