using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using System.Net.Sockets;
using Mash.Controller.Transport;

namespace Mash.Tool.Commands;

/// <summary>The options the operating commands share, spelled once so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> Device() => new("--device")
    {
        Description = "The device, by the ID commission or devices printed",
        HelpName = "ID",
        Required = true,
    };

    public static Option<byte?> Endpoint(string description) => new("--endpoint")
    {
        Description = description,
        HelpName = "N",
    };

    public static Option<string?> Feature(string description) => new("--feature")
    {
        Description = description,
        HelpName = "NAME",
    };

    public static Option<string[]> Attributes() => new("--attribute")
    {
        Description = "Attribute names or IDs (repeat the option or list several after it); default: all",
        HelpName = "NAME",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>
    /// Checks every <c>--address</c> of the tree when the command line is parsed: HOST:PORT, and an
    /// IPv6 address with a port written without brackets (::1:8443) is refused with the bracketed
    /// spelling, because it is also a valid IPv6 address on the default port.
    /// </summary>
    public static void CheckAddresses(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (Option option in command.Options)
        {
            if (option.Name == "--address")
            {
                option.Validators.Add(CheckAddress);
            }
        }

        foreach (Command sub in command.Subcommands)
        {
            CheckAddresses(sub);
        }
    }

    private static void CheckAddress(OptionResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return;
        }

        string text = result.Tokens[^1].Value.Trim();
        if (text.StartsWith("--", StringComparison.Ordinal))
        {
            return; // UsageErrors reports the missing value
        }

        int last = text.LastIndexOf(':');
        if (!text.StartsWith('[') && last > 0 && text.IndexOf(':', StringComparison.Ordinal) < last
            && text.Length - last - 1 is >= 1 and <= 5 && IsDigits(text.AsSpan(last + 1))
            && IPAddress.TryParse(text.AsSpan(0, last), out IPAddress? ip) && ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            result.AddError($"--address \"{text}\" is ambiguous; write an IPv6 address with a port in brackets: [{text[..last]}]{text[last..]}");
            return;
        }

        try
        {
            _ = DeviceAddress.Parse(text);
        }
        catch (FormatException ex)
        {
            result.AddError($"--address {ex.Message}; allowed: HOST:PORT, IPv6 in brackets ([::1]:8443)");
        }
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public static Option<bool> Json(string description = "Print the result as one JSON document on stdout") => new("--json")
    {
        Description = description,
    };
}
