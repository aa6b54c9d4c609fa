using System.Collections.Generic;
using Mash.Device.Host.Storage;
using Mash.Device.Storage;
using Mash.Device.Tests.Storage;

namespace Mash.Device.Host.Tests.Storage;

/// <summary>The shared store contract, run against files; every store is reopened from disk.</summary>
public sealed class FileFlashStoreContractTests : FlashStoreContractTests
{
    private readonly TempDirectory _folder = new();
    private readonly List<FileFlashStore> _stores = new();

    protected override IFlashStore CreateStore(FlashLimits limits)
    {
        var store = new FileFlashStore(_folder.Path, limits);
        _stores.Add(store);
        return store;
    }

    protected override void Dispose(bool disposing)
    {
        foreach (FileFlashStore store in _stores)
        {
            store.Dispose();
        }

        _folder.Dispose();
        base.Dispose(disposing);
    }
}
