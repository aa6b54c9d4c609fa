using System;
using Mash.Controller.Conformance;
using Mash.Protocol.Pics;

namespace Mash.Controller.Tests.Conformance;

public sealed class PicsRequirementTests
{
    private static readonly PicsFile Pics = PicsFile.Parse("MASH.S=1\nMASH.S.TRANS.TLS_AES_256_GCM=0\nMASH.S.SUB.HEARTBEAT_CONTENT=\"empty\"\nMASH.S.TRANS.PORT=8443\n");

    [Theory]
    [InlineData("MASH.S", true)]
    [InlineData("MASH.S.TRANS.TLS_AES_256_GCM", false)]
    [InlineData("!MASH.S.TRANS.TLS_AES_256_GCM", true)]
    [InlineData("!MASH.S.TRANS.TLS_CHACHA20", true)]
    [InlineData("MASH.S.TRANS.TLS_CHACHA20", false)]
    [InlineData("MASH.S.SUB.HEARTBEAT_CONTENT=\"empty\"", true)]
    [InlineData("MASH.S.SUB.HEARTBEAT_CONTENT=\"full\"", false)]
    [InlineData("mash.s.trans.port=8443", true)]
    [InlineData("MASH.S.TRANS.PORT=8444", false)]
    public void A_requirement_is_met_as_written(string requirement, bool met)
    {
        Assert.Equal(met, PicsRequirement.Parse(requirement).IsMet(Pics));
    }

    [Fact]
    public void The_reason_names_the_declaration_and_its_line()
    {
        string why = PicsRequirement.Parse("MASH.S.TRANS.TLS_AES_256_GCM").Explain(Pics);

        Assert.Equal("needs MASH.S.TRANS.TLS_AES_256_GCM, declared MASH.S.TRANS.TLS_AES_256_GCM=0 at line 2", why);
    }

    [Theory]
    [InlineData("!MASH.S.X=1")]
    [InlineData("FOO.S")]
    public void Malformed_requirements_are_refused(string text)
    {
        Assert.Throws<FormatException>(() => PicsRequirement.Parse(text));
    }
}
