using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Hashing;
using System.Linq;
using Mash.Device.Diagnostics;
using Mash.Device.Host.Storage;
using Mash.Device.Storage;

namespace Mash.Device.Host.Tests.Storage;

public sealed class FileFlashStoreTests : IDisposable
{
    private static readonly byte[] TwentyBytes = Enumerable.Range(100, 20).Select(i => (byte)i).ToArray();

    private readonly TempDirectory _folder = new();
    private readonly CollectingLogSink _log = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Values_survive_closing_and_reopening_the_data_folder()
    {
        using (var store = Open())
        {
            store.Write("zone.1", [1, 2, 3]);
            store.Write("identity", TwentyBytes);
        }

        using var reopened = Open();

        Assert.Equal(new byte[] { 1, 2, 3 }, reopened.Read("zone.1").Value);
        Assert.Equal(TwentyBytes, reopened.Read("identity").Value);
        Assert.Equal(2, reopened.CopyKeys("", new string[4]));
    }

    [Fact]
    public void A_deleted_key_stays_deleted_after_reopening()
    {
        using (var store = Open())
        {
            store.Write("zone.1", [1]);
            store.Delete("zone.1");
        }

        using var reopened = Open();

        Assert.Equal(FlashReadStatus.Missing, reopened.Read("zone.1").Status);
        Assert.False(File.Exists(_folder.File("zone.1.rec")));
    }

    [Fact]
    public void A_record_is_magic_version_length_payload_and_checksum_as_documented()
    {
        using var store = Open();

        store.Write("k", [0xAA, 0xBB]);

        byte[] file = File.ReadAllBytes(_folder.File("k.rec"));
        Assert.Equal("MREC"u8.ToArray(), file[..4]);
        Assert.Equal(1, file[4]);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(5)));
        Assert.Equal(new byte[] { 0xAA, 0xBB }, file[9..11]);
        Assert.Equal(Crc32.HashToUInt32(file.AsSpan(0, 11)), BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(11)));
        Assert.Equal(15, file.Length);
    }

    [Fact]
    public void Completed_writes_leave_no_temporary_files_behind()
    {
        using var store = Open();

        store.Write("a", TwentyBytes);
        store.Write("a", [1]);
        store.Write("b", [2]);

        string[] names = Directory.GetFiles(_folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.Equal(new[] { ".lock", "a.rec", "b.rec" }, names);
    }

    [Theory]
    [InlineData("flip a payload byte", "checksum mismatch")]
    [InlineData("flip a checksum byte", "checksum mismatch")]
    [InlineData("flip a length byte", "truncated: the file is 33 bytes but its header declares a 34-byte record")]
    [InlineData("truncate to nothing", "truncated: 0 bytes")]
    [InlineData("truncate inside the header", "truncated: 6 bytes")]
    [InlineData("truncate inside the payload", "truncated: the file is 15 bytes")]
    [InlineData("drop the last byte", "truncated: the file is 32 bytes")]
    [InlineData("append a byte", "trailing bytes")]
    [InlineData("wrong magic", "wrong magic 0x5845")]
    [InlineData("unknown version", "unknown format version 7")]
    [InlineData("huge declared length", "declares a 4294967295-byte value, above the 16384-byte limit")]
    public void A_damaged_record_reads_as_corrupt_with_the_reason_and_never_as_a_value(string damage, string problem)
    {
        using var store = Open();
        store.Write("zone.1", TwentyBytes);
        string path = _folder.File("zone.1.rec");
        File.WriteAllBytes(path, Damage(File.ReadAllBytes(path), damage));

        FlashRead read = store.Read("zone.1");

        Assert.Equal(FlashReadStatus.Corrupt, read.Status);
        Assert.Null(read.Value);
        Assert.Contains(problem, read.Problem, StringComparison.Ordinal);
        Assert.Contains(path, read.Problem, StringComparison.Ordinal);
        Assert.Contains(_log.Lines, l => l.Level == LogLevel.Warn && l.Message.Contains("'zone.1'", StringComparison.Ordinal)
            && l.Message.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void A_corrupt_record_found_after_reopening_is_reported_and_can_be_overwritten()
    {
        using (var store = Open())
        {
            store.Write("zone.1", TwentyBytes);
        }

        File.WriteAllBytes(_folder.File("zone.1.rec"), Damage(File.ReadAllBytes(_folder.File("zone.1.rec")), "flip a payload byte"));
        using var reopened = Open();
        Assert.Equal(FlashReadStatus.Corrupt, reopened.Read("zone.1").Status);

        reopened.Write("zone.1", [9]);

        Assert.Equal(new byte[] { 9 }, reopened.Read("zone.1").Value);
    }

    [Fact]
    public void A_record_larger_than_the_current_limits_reads_as_corrupt()
    {
        using (var store = Open())
        {
            store.Write("big", new byte[100]);
        }

        using var strict = new FileFlashStore(_folder.Path, new FlashLimits(8, 50, 8), _log);
        FlashRead read = strict.Read("big");

        Assert.Equal(FlashReadStatus.Corrupt, read.Status);
        Assert.Contains("above the 50-byte limit", read.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_leftover_temporary_file_is_deleted_at_open_and_the_key_keeps_its_previous_value()
    {
        using (var store = Open())
        {
            store.Write("zone.1", [1]);
        }

        // What a power cut during the next write leaves: a half-written new record beside the old one.
        File.WriteAllBytes(_folder.File("zone.1.tmp"), [(byte)'M', (byte)'R']);
        using var reopened = Open();

        Assert.Equal(new byte[] { 1 }, reopened.Read("zone.1").Value);
        Assert.False(File.Exists(_folder.File("zone.1.tmp")));
        Assert.Equal(1, reopened.InterruptedWritesRemoved);
        Assert.Contains(_log.Lines, l => l.Level == LogLevel.Info && l.Message.Contains("zone.1.tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void A_leftover_temporary_file_of_a_first_write_leaves_the_key_missing()
    {
        File.WriteAllBytes(_folder.File("new.tmp"), new byte[40]);

        using var store = Open();

        Assert.Equal(FlashReadStatus.Missing, store.Read("new").Status);
        Assert.Equal(0, store.CopyKeys("", new string[4]));
        Assert.False(File.Exists(_folder.File("new.tmp")));
    }

    [Fact]
    public void Files_whose_names_are_not_valid_keys_are_ignored_and_logged()
    {
        File.WriteAllBytes(_folder.File("Upper.rec"), [1]);
        File.WriteAllBytes(_folder.File("notes.txt"), [1]);

        using var store = Open();

        Assert.Equal(0, store.CopyKeys("", new string[4]));
        Assert.Contains(_log.Lines, l => l.Level == LogLevel.Warn && l.Message.Contains("Upper.rec", StringComparison.Ordinal));
        Assert.True(File.Exists(_folder.File("notes.txt")));
    }

    [Fact]
    public void A_record_removed_behind_the_stores_back_reads_as_missing()
    {
        using var store = Open();
        store.Write("zone.1", [1]);
        File.Delete(_folder.File("zone.1.rec"));

        Assert.Equal(FlashReadStatus.Missing, store.Read("zone.1").Status);
        Assert.Equal(0, store.CopyKeys("", new string[4]));
    }

    [Fact]
    public void A_folder_holding_more_keys_than_the_limit_refuses_new_keys_but_keeps_the_old_ones()
    {
        using (var store = Open())
        {
            store.Write("a", [1]);
            store.Write("b", [2]);
            store.Write("c", [3]);
        }

        using var strict = new FileFlashStore(_folder.Path, new FlashLimits(2, 64, 8), _log);

        Assert.Throws<FlashStoreFullException>(() => strict.Write("d", [4]));
        strict.Write("a", [10]);
        Assert.Equal(new byte[] { 10 }, strict.Read("a").Value);
        Assert.Equal(new byte[] { 3 }, strict.Read("c").Value);
        Assert.Contains(_log.Lines, l => l.Level == LogLevel.Warn && l.Message.Contains("3 keys", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_data_folder_is_created_with_its_parents()
    {
        string nested = _folder.File(Path.Combine("a", "b", "data"));

        using var store = new FileFlashStore(nested);
        store.Write("k", [1]);

        Assert.True(File.Exists(Path.Combine(nested, "k.rec")));
    }

    [Fact]
    public void A_data_folder_path_that_is_a_file_is_reported_as_unusable()
    {
        string path = _folder.File("plain-file");
        File.WriteAllBytes(path, [1]);

        var error = Assert.Throws<FlashDirectoryUnusableException>(() => new FileFlashStore(path));

        Assert.Equal("data folder " + path + " is unusable: it is a file, not a directory", error.Message);
        Assert.Equal(path, error.Directory);
    }

    [Fact]
    public void A_data_folder_that_cannot_be_created_is_reported_as_unusable()
    {
        File.WriteAllBytes(_folder.File("plain-file"), [1]);
        string path = _folder.File(Path.Combine("plain-file", "data"));

        var error = Assert.Throws<FlashDirectoryUnusableException>(() => new FileFlashStore(path));

        Assert.StartsWith("data folder " + path + " is unusable: cannot create it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_store_on_a_folder_in_use_is_refused_until_the_first_is_closed()
    {
        var first = Open();

        var error = Assert.Throws<FlashDirectoryUnusableException>(Open);
        Assert.Equal("data folder " + _folder.Path + " is unusable: in use by another process (" + _folder.File(".lock") + " is locked)", error.Message);

        first.Dispose();
        using var second = Open();
        second.Write("k", [1]);
    }

    [Fact]
    public void A_closed_store_refuses_further_use()
    {
        var store = Open();
        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => store.Read("k"));
        Assert.Throws<ObjectDisposedException>(() => store.Write("k", [1]));
    }

    [Fact]
    public void Limits_with_keys_too_long_for_file_names_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FileFlashStore(_folder.Path, new FlashLimits(4, 4, 251)));
    }

    private static byte[] Damage(byte[] record, string damage)
    {
        switch (damage)
        {
            case "flip a payload byte":
                record[12] ^= 0x01;
                return record;
            case "flip a checksum byte":
                record[^1] ^= 0x80;
                return record;
            case "flip a length byte":
                record[8] ^= 0x01;
                return record;
            case "truncate to nothing":
                return [];
            case "truncate inside the header":
                return record[..6];
            case "truncate inside the payload":
                return record[..15];
            case "drop the last byte":
                return record[..^1];
            case "append a byte":
                return [.. record, 0];
            case "wrong magic":
                record[0] = (byte)'X';
                record[1] = (byte)'E';
                return record;
            case "unknown version":
                record[4] = 7;
                return record;
            case "huge declared length":
                record[5] = record[6] = record[7] = record[8] = 0xFF;
                return record;
            default:
                throw new ArgumentOutOfRangeException(nameof(damage), damage, "unknown damage");
        }
    }

    private FileFlashStore Open() => new(_folder.Path, log: _log);
}
