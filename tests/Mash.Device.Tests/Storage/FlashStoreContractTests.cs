using System;
using Mash.Device.Storage;

namespace Mash.Device.Tests.Storage;

/// <summary>
/// What every <see cref="IFlashStore"/> must do, whatever it stores on. Each store's test class
/// derives from this and says how to make a fresh, empty store. The file is compiled into the
/// host tests too, so the in-memory store the core tests rely on behaves like the real one.
/// </summary>
public abstract class FlashStoreContractTests : IDisposable
{
    protected static readonly FlashLimits SmallLimits = new(maxKeys: 3, maxValueBytes: 64, maxKeyLength: 12);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A new empty store; each call inside one test may return a store on the same medium.</summary>
    protected abstract IFlashStore CreateStore(FlashLimits limits);

    protected virtual void Dispose(bool disposing)
    {
    }

    [Fact]
    public void A_written_value_reads_back_unchanged()
    {
        IFlashStore store = CreateStore(FlashLimits.Default);
        byte[] value = [1, 2, 3, 0, 255];

        store.Write("zone.1", value);

        FlashRead read = store.Read("zone.1");
        Assert.Equal(FlashReadStatus.Ok, read.Status);
        Assert.Equal(value, read.Value);
        Assert.Null(read.Problem);
    }

    [Fact]
    public void An_empty_value_is_stored_and_distinct_from_a_missing_key()
    {
        IFlashStore store = CreateStore(FlashLimits.Default);

        store.Write("empty", Array.Empty<byte>());

        FlashRead read = store.Read("empty");
        Assert.Equal(FlashReadStatus.Ok, read.Status);
        Assert.Empty(read.Value!);
    }

    [Fact]
    public void Writing_a_key_again_replaces_its_value()
    {
        IFlashStore store = CreateStore(FlashLimits.Default);
        store.Write("setting", [1, 1, 1, 1]);

        store.Write("setting", [2]);

        Assert.Equal(new byte[] { 2 }, store.Read("setting").Value);
    }

    [Fact]
    public void A_key_never_written_reads_as_missing_without_a_value()
    {
        IFlashStore store = CreateStore(FlashLimits.Default);

        FlashRead read = store.Read("nothing.here");

        Assert.Equal(FlashReadStatus.Missing, read.Status);
        Assert.Null(read.Value);
    }

    [Fact]
    public void Changing_the_array_a_read_returned_does_not_change_the_stored_value()
    {
        IFlashStore store = CreateStore(FlashLimits.Default);
        store.Write("k", [7, 7]);

        store.Read("k").Value![0] = 0;

        Assert.Equal(new byte[] { 7, 7 }, store.Read("k").Value);
    }

    [Fact]
    public void Adding_a_key_beyond_the_limit_throws_and_leaves_the_store_as_it_was()
    {
        IFlashStore store = CreateStore(SmallLimits);
        store.Write("a", [1]);
        store.Write("b", [2]);
        store.Write("c", [3]);

        var error = Assert.Throws<FlashStoreFullException>(() => store.Write("d", [4]));

        Assert.Contains("'d'", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 keys", error.Message, StringComparison.Ordinal);
        Assert.Equal(FlashReadStatus.Missing, store.Read("d").Status);
        Assert.Equal(3, store.CopyKeys("", new string[8]));
        Assert.Equal(new byte[] { 1 }, store.Read("a").Value);
        Assert.Equal(new byte[] { 3 }, store.Read("c").Value);
    }

    [Fact]
    public void A_full_store_still_accepts_new_values_for_existing_keys()
    {
        IFlashStore store = CreateStore(SmallLimits);
        store.Write("a", [1]);
        store.Write("b", [2]);
        store.Write("c", [3]);

        store.Write("b", [20]);

        Assert.Equal(new byte[] { 20 }, store.Read("b").Value);
    }

    [Fact]
    public void Deleting_a_key_from_a_full_store_makes_room_for_a_new_one()
    {
        IFlashStore store = CreateStore(SmallLimits);
        store.Write("a", [1]);
        store.Write("b", [2]);
        store.Write("c", [3]);

        store.Delete("a");
        store.Write("d", [4]);

        Assert.Equal(new byte[] { 4 }, store.Read("d").Value);
    }

    [Fact]
    public void A_value_over_the_size_limit_is_refused_and_the_previous_value_kept()
    {
        IFlashStore store = CreateStore(SmallLimits);
        store.Write("a", [1]);

        var error = Assert.Throws<ArgumentException>(() => store.Write("a", new byte[65]));

        Assert.Equal("value", error.ParamName);
        Assert.Contains("65 bytes exceeds the limit of 64 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 1 }, store.Read("a").Value);
    }

    [Fact]
    public void A_value_over_the_size_limit_does_not_create_its_key()
    {
        IFlashStore store = CreateStore(SmallLimits);

        Assert.Throws<ArgumentException>(() => store.Write("a", new byte[65]));

        Assert.Equal(FlashReadStatus.Missing, store.Read("a").Status);
        Assert.Equal(0, store.CopyKeys("", new string[4]));
    }

    [Fact]
    public void A_value_exactly_at_the_size_limit_is_stored()
    {
        IFlashStore store = CreateStore(SmallLimits);
        byte[] value = new byte[64];
        value[63] = 9;

        store.Write("a", value);

        Assert.Equal(value, store.Read("a").Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Zone")]
    [InlineData("zone/1")]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("-dash")]
    [InlineData("_under")]
    [InlineData("has space")]
    [InlineData("zone\\1")]
    [InlineData("zone\u00e9")]
    [InlineData("thirteen.char")]
    public void Keys_that_could_not_be_safe_file_names_are_refused_by_every_operation(string key)
    {
        IFlashStore store = CreateStore(SmallLimits);

        var write = Assert.Throws<ArgumentException>(() => store.Write(key, [1]));
        Assert.Throws<ArgumentException>(() => store.Read(key));
        Assert.Throws<ArgumentException>(() => store.Delete(key));

        Assert.Equal("key", write.ParamName);
        Assert.Contains("Invalid flash key", write.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.CopyKeys("", new string[4]));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("zone.1.cert")]
    [InlineData("a_b-c.d")]
    [InlineData("twelve.chars")]
    public void Keys_of_lowercase_letters_digits_dots_dashes_and_underscores_are_accepted(string key)
    {
        IFlashStore store = CreateStore(SmallLimits);

        store.Write(key, [5]);

        Assert.Equal(new byte[] { 5 }, store.Read(key).Value);
    }

    [Fact]
    public void Delete_removes_the_key_and_says_whether_it_existed()
    {
        IFlashStore store = CreateStore(FlashLimits.Default);
        store.Write("gone", [1]);

        Assert.True(store.Delete("gone"));
        Assert.False(store.Delete("gone"));
        Assert.False(store.Delete("never"));
        Assert.Equal(FlashReadStatus.Missing, store.Read("gone").Status);
        Assert.Equal(0, store.CopyKeys("", new string[4]));
    }

    [Fact]
    public void Listing_by_prefix_returns_only_matching_keys_in_ordinal_order()
    {
        IFlashStore store = CreateStore(FlashLimits.Default);
        store.Write("zone.2", [1]);
        store.Write("identity", [1]);
        store.Write("zone.10", [1]);
        store.Write("zone.1", [1]);
        string[] keys = new string[8];

        int count = store.CopyKeys("zone.", keys);

        Assert.Equal(3, count);
        Assert.Equal(new[] { "zone.1", "zone.10", "zone.2" }, keys[..count]);
        Assert.Equal(4, store.CopyKeys("", keys));
        Assert.Equal("identity", keys[0]);
    }

    [Fact]
    public void Listing_into_a_short_array_fills_it_and_reports_how_many_keys_match()
    {
        IFlashStore store = CreateStore(FlashLimits.Default);
        store.Write("c", [1]);
        store.Write("a", [1]);
        store.Write("b", [1]);
        string[] keys = new string[2];

        int count = store.CopyKeys("", keys);

        Assert.Equal(3, count);
        Assert.Equal(new[] { "a", "b" }, keys);
    }

    [Fact]
    public void Listing_with_an_empty_destination_only_counts()
    {
        IFlashStore store = CreateStore(FlashLimits.Default);
        store.Write("a", [1]);

        Assert.Equal(1, store.CopyKeys("a", []));
        Assert.Equal(0, store.CopyKeys("b", []));
    }

    [Fact]
    public void The_store_reports_the_limits_it_enforces()
    {
        IFlashStore store = CreateStore(SmallLimits);

        Assert.Equal(SmallLimits, store.Limits);
    }
}
