using System;
using Mash.Controller.Transport;

namespace Mash.Controller.Tests.Transport;

public sealed class DeviceAddressTests
{
    [Theory]
    [InlineData("[::1]:8443", "::1", 8443, "[::1]:8443")]
    [InlineData("[fe80::1%eth0]:9000", "fe80::1%eth0", 9000, "[fe80::1%eth0]:9000")]
    [InlineData("[::1]", "::1", 8443, "[::1]:8443")]
    [InlineData("::1", "::1", 8443, "[::1]:8443")]
    [InlineData("192.0.2.7:8444", "192.0.2.7", 8444, "192.0.2.7:8444")]
    [InlineData("mash-load.local", "mash-load.local", 8443, "mash-load.local:8443")]
    [InlineData(" heater:1 ", "heater", 1, "heater:1")]
    public void Addresses_parse_and_print_with_brackets_around_IPv6(string text, string host, int port, string printed)
    {
        DeviceAddress address = DeviceAddress.Parse(text);

        Assert.Equal(host, address.Host);
        Assert.Equal(port, address.Port);
        Assert.Equal(printed, address.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(":8443")]
    [InlineData("host:")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("host:http")]
    [InlineData("[::1")]
    [InlineData("[::1]8443")]
    public void Malformed_addresses_are_refused_with_the_input_in_the_message(string text)
    {
        var error = Assert.Throws<FormatException>(() => DeviceAddress.Parse(text));

        Assert.Contains("\"" + text + "\"", error.Message, StringComparison.Ordinal);
        Assert.False(DeviceAddress.TryParse(text, out _));
    }
}
