using Mash.Device.Storage;

namespace Mash.Device.Tests.Storage;

public sealed class InMemoryFlashStoreTests : FlashStoreContractTests
{
    [Fact]
    public void An_injected_corruption_reads_as_corrupt_with_its_problem_and_no_value()
    {
        var store = new InMemoryFlashStore();
        store.Write("zone.1", [1, 2, 3]);

        store.InjectCorruption("zone.1", "checksum mismatch");

        FlashRead read = store.Read("zone.1");
        Assert.Equal(FlashReadStatus.Corrupt, read.Status);
        Assert.Null(read.Value);
        Assert.Equal("checksum mismatch", read.Problem);
        Assert.Equal(1, store.CopyKeys("zone.", new string[1]));
    }

    [Fact]
    public void Writing_a_corrupted_key_again_makes_it_readable()
    {
        var store = new InMemoryFlashStore();
        store.Write("zone.1", [1]);
        store.InjectCorruption("zone.1", "bad sector");

        store.Write("zone.1", [2]);

        Assert.Equal(new byte[] { 2 }, store.Read("zone.1").Value);
    }

    [Fact]
    public void Refused_writes_are_not_counted_as_writes()
    {
        var store = new InMemoryFlashStore(SmallLimits);
        store.Write("a", [1]);

        Assert.ThrowsAny<System.ArgumentException>(() => store.Write("a", new byte[100]));

        Assert.Equal(1, store.WriteCount);
        Assert.Equal(1, store.Count);
    }

    protected override IFlashStore CreateStore(FlashLimits limits) => new InMemoryFlashStore(limits);
}
