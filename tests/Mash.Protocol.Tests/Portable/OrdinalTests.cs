using System;
using CsCheck;
using Mash.Protocol.Portable;
using Xunit;

namespace Mash.Protocol.Tests.Portable;

/// <summary>The flash key order and prefix scans must not change between the host and nanoFramework builds.</summary>
public class OrdinalTests
{
    [Fact]
    public void Ordering_and_prefixes_agree_with_the_bcl_ordinal_comparison()
    {
        Gen<string> key = Gen.String[Gen.Char["az09._-Zä"], 0, 6];
        Gen.Select(key, key).Sample((a, b) =>
        {
            Assert.Equal(Math.Sign(string.CompareOrdinal(a, b)), Math.Sign(Ordinal.Compare(a, b)));
            Assert.Equal(a.StartsWith(b, StringComparison.Ordinal), Ordinal.StartsWith(a, b));
        });
    }

    [Theory]
    [InlineData("zone.1", "zone.", true)]
    [InlineData("zone", "zone.", false)]
    [InlineData("Zone.1", "zone.", false)]
    [InlineData("anything", "", true)]
    public void A_prefix_matches_char_for_char(string value, string prefix, bool expected) =>
        Assert.Equal(expected, Ordinal.StartsWith(value, prefix));
}
