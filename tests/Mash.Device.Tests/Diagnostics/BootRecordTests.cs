using Mash.Device.Diagnostics;
using Mash.Device.Storage;

namespace Mash.Device.Tests.Diagnostics;

public class BootRecordTests
{
    private readonly InMemoryFlashStore _flash = new();

    [Fact]
    public void Reports_first_boot_then_clean_shutdown_then_unclean_after_a_run_without_shutdown()
    {
        Assert.Equal(ResetReason.FirstBoot, BootRecord.Begin(_flash, out long first));
        BootRecord.End(_flash, first);
        Assert.Equal(ResetReason.CleanShutdown, BootRecord.Begin(_flash, out long second));
        Assert.Equal(ResetReason.Unclean, BootRecord.Begin(_flash, out long third));
        Assert.Equal(1, first);
        Assert.Equal(2, second);
        Assert.Equal(3, third);
    }

    [Fact]
    public void A_damaged_boot_record_gives_an_unknown_reason_and_is_rewritten()
    {
        _flash.Write(BootRecord.Key, new byte[] { 0xff, 0x00 });
        Assert.Equal(ResetReason.Unknown, BootRecord.Begin(_flash, out long count));
        BootRecord.End(_flash, count);
        Assert.Equal(ResetReason.CleanShutdown, BootRecord.Begin(_flash, out _));
    }
}
