using System;
using Mash.Protocol.Dns;
using Mash.Protocol.Portable;

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

        string suffix = "-" + Suffix.ToString();
        string stem = BaseLabel;
        while (Utf8.GetByteCount(stem) + suffix.Length > DnsLimits.MaxLabelLength)
        {
            // Never split a surrogate pair: half of one has no UTF-8 form.
            int cut = stem.Length >= 2 && stem[stem.Length - 1] >= '\uDC00' && stem[stem.Length - 1] <= '\uDFFF' ? 2 : 1;
            stem = stem.Substring(0, stem.Length - cut);
        }

        return stem + suffix;
    }
}
