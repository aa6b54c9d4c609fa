using System;
using Mash.Protocol.Portable;

namespace Mash.Device.Discovery;

/// <summary>
/// Where an mDNS packet came from or goes to: an IPv4 or IPv6 address and a UDP port. The two
/// group endpoints stand for "the link's multicast group"; the platform adds the interface.
/// </summary>
public sealed class MdnsEndpoint
{
    public const int MdnsPort = 5353;

    /// <summary>224.0.0.251:5353.</summary>
    public static readonly MdnsEndpoint MulticastV4 = new(new byte[] { 224, 0, 0, 251 }, MdnsPort);

    /// <summary>[ff02::fb]:5353.</summary>
    public static readonly MdnsEndpoint MulticastV6 = new(new byte[] { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfb }, MdnsPort);

    private readonly byte[] _address;

    public MdnsEndpoint(byte[] address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Length != 4 && address.Length != 16)
        {
            throw new ArgumentException($"an address is 4 or 16 bytes, not {address.Length}", nameof(address));
        }

        if (port < 0 || port > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(port), $"a port is 0..65535, not {port}");
        }

        _address = (byte[])address.Clone();
        Port = port;
    }

    public bool IsIPv6 => _address.Length == 16;

    public int Port { get; }

    public bool IsMulticastGroup => Equals(MulticastV4) || Equals(MulticastV6);

    public byte[] GetAddressBytes() => (byte[])_address.Clone();

    /// <summary>True when both have the same address, whatever the ports.</summary>
    public bool SameAddress(byte[] address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Length != _address.Length)
        {
            return false;
        }

        for (int i = 0; i < address.Length; i++)
        {
            if (address[i] != _address[i])
            {
                return false;
            }
        }

        return true;
    }

    public bool Equals(MdnsEndpoint? other) => other is not null && other.Port == Port && SameAddress(other._address);

    public override bool Equals(object? obj) => obj is MdnsEndpoint other && Equals(other);

    public override int GetHashCode()
    {
        int hash = Port;
        foreach (byte b in _address)
        {
            hash = (hash * 31) + b;
        }

        return hash;
    }

    public override string ToString()
    {
        var text = new TextBuilder(48);
        if (IsIPv6)
        {
            text.Append('[');
            for (int i = 0; i < 16; i += 2)
            {
                if (i > 0)
                {
                    text.Append(':');
                }

                AppendHex(text, (_address[i] << 8) | _address[i + 1]);
            }

            text.Append(']');
        }
        else
        {
            text.Append(_address[0]).Append('.').Append(_address[1]).Append('.').Append(_address[2]).Append('.').Append(_address[3]);
        }

        return text.Append(':').Append(Port).ToString();
    }

    // Lowercase hex without leading zeros (the "x" format).
    private static void AppendHex(TextBuilder text, int value)
    {
        const string digits = "0123456789abcdef";
        bool started = false;
        for (int shift = 12; shift >= 0; shift -= 4)
        {
            int digit = (value >> shift) & 0xF;
            if (digit != 0 || started || shift == 0)
            {
                text.Append(digits[digit]);
                started = true;
            }
        }
    }
}
