using System;
using System.Globalization;

namespace Mash.Controller.Transport;

/// <summary>
/// Where a device listens: host (name or address literal) and TCP port, written HOST:PORT, with
/// IPv6 literals in brackets ([::1]:8443). A bare IPv6 literal without brackets takes the default port.
/// </summary>
public readonly record struct DeviceAddress
{
    public DeviceAddress(string host, int port = MashConnectionOptions.DefaultPort)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Host = HostDialer.StripBrackets(host);
        Port = port;
    }

    /// <summary>Host name or address literal, without brackets.</summary>
    public string Host { get; }

    public int Port { get; }

    /// <exception cref="FormatException">Empty host, a port that is not 1..65535, or an unclosed bracket.</exception>
    public static DeviceAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim();
        string host;
        string? port = null;
        if (s.StartsWith('['))
        {
            int close = s.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"\"{text}\": missing ']' after the IPv6 address");
            }

            host = s[1..close];
            string rest = s[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    throw new FormatException($"\"{text}\": expected ':PORT' after ']'");
                }

                port = rest[1..];
            }
        }
        else if (s.IndexOf(':', StringComparison.Ordinal) is int colon && colon >= 0 && s.IndexOf(':', colon + 1) < 0)
        {
            host = s[..colon];
            port = s[(colon + 1)..];
        }
        else
        {
            // No colon, or several: a host name or a bare IPv6 literal.
            host = s;
        }

        if (host.Length == 0)
        {
            throw new FormatException($"\"{text}\": the host is missing (expected HOST:PORT)");
        }

        int number = MashConnectionOptions.DefaultPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
        {
            throw new FormatException($"\"{text}\": the port must be a number from 1 to 65535");
        }

        return new DeviceAddress(host, number);
    }

    public static bool TryParse(string? text, out DeviceAddress address)
    {
        try
        {
            address = Parse(text ?? string.Empty);
            return true;
        }
        catch (FormatException)
        {
            address = default;
            return false;
        }
    }

    public override string ToString() =>
        Host is null ? string.Empty
        : Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}"
        : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
