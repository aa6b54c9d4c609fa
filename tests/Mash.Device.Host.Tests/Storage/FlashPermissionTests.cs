using System;
using System.IO;
using System.Runtime.Versioning;
using Mash.Device.Host.Storage;

namespace Mash.Device.Host.Tests.Storage;

/// <summary>
/// The data folder holds the device's private keys and its SPAKE2+ verifier: owner only, folder
/// 0700 and records 0600, from the moment each is created; a looser folder or record found at
/// open is tightened with a warning, a shared sticky folder is refused.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class FlashPermissionTests : IDisposable
{
    private const UnixFileMode Folder0700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Folder0755 = Folder0700 | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode File0644 = File0600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly TempDirectory _parent = new();
    private readonly CollectingLogSink _log = new();

    public void Dispose() => _parent.Dispose();

    private string Data => _parent.File("flash");

    [Fact]
    public void A_new_data_folder_is_0700_and_every_record_0600()
    {
        using (var store = new FileFlashStore(Data, log: _log))
        {
            // Records are written to a temporary file that is renamed: the record keeps the mode
            // the temporary file was created with, so 0600 here means it was never readable by others.
            store.Write("identity", [1, 2, 3]);
            store.Write("identity", [4, 5, 6]);
            store.Write("zone.0011223344556677", [7]);
        }

        Assert.Equal(Folder0700, File.GetUnixFileMode(Data));
        foreach (string file in Directory.GetFiles(Data))
        {
            Assert.True(File.GetUnixFileMode(file) == File0600, $"{Path.GetFileName(file)} is {File.GetUnixFileMode(file)}");
        }
    }

    [Fact]
    public void An_existing_folder_and_records_readable_by_others_are_tightened_with_a_warning()
    {
        using (var store = new FileFlashStore(Data, log: _log))
        {
            store.Write("identity", [1, 2, 3]);
        }

        // As an older firmware left them.
        File.SetUnixFileMode(Data, Folder0755);
        File.SetUnixFileMode(Path.Combine(Data, "identity.rec"), File0644);

        using (var reopened = new FileFlashStore(Data, log: _log))
        {
            Assert.Equal(1, reopened.PermissionsTightened);
            Assert.Equal(new byte[] { 1, 2, 3 }, reopened.Read("identity").Value);
        }

        Assert.Equal(Folder0700, File.GetUnixFileMode(Data));
        Assert.Equal(File0600, File.GetUnixFileMode(Path.Combine(Data, "identity.rec")));
        Assert.Contains(_log.Lines, l => l.Message.Contains("had mode 0755; tightened to 0700", StringComparison.Ordinal));
        Assert.Contains(_log.Lines, l => l.Message.Contains("identity.rec had mode 0644", StringComparison.Ordinal));
    }

    [Fact]
    public void A_shared_sticky_folder_is_refused_and_left_as_it_was()
    {
        UnixFileMode shared = Folder0755 | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.StickyBit;
        Directory.CreateDirectory(Data);
        File.SetUnixFileMode(Data, shared);

        var ex = Assert.Throws<FlashDirectoryUnusableException>(() => new FileFlashStore(Data, log: _log));

        Assert.Contains("shared folder", ex.Message, StringComparison.Ordinal);
        Assert.Equal(shared, File.GetUnixFileMode(Data));
    }
}
