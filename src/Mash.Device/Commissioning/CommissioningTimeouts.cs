using System;

namespace Mash.Device.Commissioning;

/// <summary>Phase timeouts (MASH.S.COMM.PASE_TIMEOUT, CSR_TIMEOUT, CERT_TIMEOUT).</summary>
public sealed record CommissioningTimeouts(TimeSpan Pase, TimeSpan Csr, TimeSpan Certificate)
{
    public static readonly CommissioningTimeouts Default = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
}
