using System;
using Mash.Device.Storage;

namespace Mash.Device.Tests.Storage;

public sealed class FlashLimitsTests
{
    [Fact]
    public void The_default_holds_64_keys_of_up_to_16_KiB_with_48_character_names()
    {
        Assert.Equal(new FlashLimits(64, 16384, 48), FlashLimits.Default);
    }

    [Theory]
    [InlineData(0, 10, 10, "MaxKeys")]
    [InlineData(1, -1, 10, "MaxValueBytes")]
    [InlineData(1, 10, 0, "MaxKeyLength")]
    public void Nonsense_bounds_are_refused_with_the_bound_named(int keys, int valueBytes, int keyLength, string named)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new FlashLimits(keys, valueBytes, keyLength));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_copy_with_another_key_count_is_validated_like_the_constructor()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FlashLimits.Default.WithMaxKeys(0));
        Assert.Equal(5, FlashLimits.Default.WithMaxKeys(5).MaxKeys);
    }

    [Fact]
    public void A_default_read_result_is_missing_and_carries_no_value()
    {
        FlashRead read = default;

        Assert.Equal(FlashReadStatus.Missing, read.Status);
        Assert.False(read.IsOk);
        Assert.Null(read.Value);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("A", "must start with")]
    [InlineData("a/b", "found '/' at 1")]
    [InlineData("abcdefghij", "longer than 8")]
    public void Key_validation_explains_which_rule_a_key_breaks(string key, string explanation)
    {
        string? problem = FlashKeys.Explain(key, maxLength: 8);

        Assert.NotNull(problem);
        Assert.Contains(explanation, problem, StringComparison.Ordinal);
        Assert.False(FlashKeys.IsValid(key, 8));
    }
}
