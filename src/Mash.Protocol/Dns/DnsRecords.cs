namespace Mash.Protocol.Dns;

/// <summary>Helpers shared by the record types.</summary>
public static class DnsRecords
{
    public static string TypeName(DnsRecordType type) => type switch
    {
        DnsRecordType.A => "A",
        DnsRecordType.Ptr => "PTR",
        DnsRecordType.Txt => "TXT",
        DnsRecordType.Aaaa => "AAAA",
        DnsRecordType.Srv => "SRV",
        DnsRecordType.Nsec => "NSEC",
        DnsRecordType.Any => "ANY",
        _ => "TYPE" + ((int)type).ToString(),
    };

    internal static bool BytesEqual(byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }
}
