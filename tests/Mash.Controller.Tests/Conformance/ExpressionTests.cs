using System;
using Mash.Controller.Conformance;

namespace Mash.Controller.Tests.Conformance;

public sealed class ExpressionTests
{
    private static decimal? Lookup(string name) => name switch
    {
        "pics:MASH.S.ZONE.MAX_ZONES" => 5,
        "i" => 3,
        _ => null,
    };

    [Theory]
    [InlineData("42", 42)]
    [InlineData("1.5", 1.5)]
    [InlineData("${pics:MASH.S.ZONE.MAX_ZONES} + 1", 6)]
    [InlineData("2 + 3 * 4", 14)]
    [InlineData("${i}*1000 - 1", 2999)]
    [InlineData(" ${ i } ", 3)]
    public void Expressions_evaluate_with_the_usual_precedence(string text, double expected)
    {
        Assert.Equal((decimal)expected, Expression.Evaluate(text, Lookup));
    }

    [Theory]
    [InlineData("${nope}")]
    [InlineData("1 +")]
    [InlineData("3 x")]
    [InlineData("${open")]
    public void Bad_expressions_say_what_is_wrong(string text)
    {
        Assert.Throws<FormatException>(() => Expression.Evaluate(text, Lookup));
    }
}
