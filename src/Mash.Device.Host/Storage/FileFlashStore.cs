using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.Versioning;
using Mash.Device.Diagnostics;
using Mash.Device.Storage;

namespace Mash.Device.Host.Storage;

/// <summary>
/// The host's flash: one file per key, <c>&lt;key&gt;.rec</c>, in a data folder (format in
/// <see cref="FlashRecord"/>). A write goes to <c>&lt;key&gt;.tmp</c>, is fsynced, renamed over
/// the record and the folder is fsynced, so a power cut leaves either the old or the new record;
/// a stray <c>.tmp</c> found at open is an interrupted write and is deleted. Every read verifies
/// the checksum; a damaged record reads as Corrupt and is logged, never returned as data.
/// </summary>
/// <remarks>
/// Not thread-safe: called from the scheduler thread only (see <see cref="IFlashStore"/>). The
/// folder belongs to one store at a time: a lock file (<c>.lock</c>, flock) is held until
/// <see cref="Dispose"/>, so a second process on the same folder fails at open instead of
/// racing. The key list is read at open and kept in memory.
/// <para>
/// Records hold the device's private keys (identity, zones) and its SPAKE2+ verifier, so on Unix
/// the folder is 0700 and every file in it 0600, created with that mode (a temporary file is never
/// readable by others, not even for a moment). A folder or record found with looser permissions
/// at open, from an older firmware or a copy, is tightened and a warning says so; a folder that
/// cannot be tightened (not ours, or a shared sticky folder such as /tmp) is refused.
/// </para>
/// </remarks>
public sealed class FileFlashStore : IFlashStore, IDisposable
{
    /// <summary>Keys longer than this could not become file names (255 bytes with the suffix).</summary>
    public const int MaxSupportedKeyLength = 250;

    private const string RecordSuffix = ".rec";
    private const string TempSuffix = ".tmp";
    private const string LockFileName = ".lock";
    private const string ProbeFileName = ".probe";

    /// <summary>Owner only: rwx for the folder, rw for every file.</summary>
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly Logger _log;

    // Sorted ordinally; the keys that have a record file.
    private readonly List<string> _keys = new();
    private readonly FileStream _lock;
    private bool _disposed;

    public FileFlashStore(string directory, FlashLimits? limits = null, ILogSink? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Limits = limits ?? FlashLimits.Default;
        if (Limits.MaxKeyLength > MaxSupportedKeyLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(limits),
                Limits.MaxKeyLength,
                "Keys are file names here; at most " + MaxSupportedKeyLength + " characters are supported.");
        }

        _log = new Logger(log ?? NullLogSink.Instance, "flash");
        DirectoryPath = Path.GetFullPath(directory);
        _lock = OpenFolder(DirectoryPath, _log);
        try
        {
            ProbeWritable();
            LoadKeys();
        }
        catch
        {
            _lock.Dispose();
            throw;
        }
    }

    public FlashLimits Limits { get; }

    /// <summary>Absolute path of the data folder.</summary>
    public string DirectoryPath { get; }

    /// <summary>How many interrupted writes (leftover <c>.tmp</c> files) were removed at open.</summary>
    public int InterruptedWritesRemoved { get; private set; }

    /// <summary>How many records readable by group or others were made owner-only at open.</summary>
    public int PermissionsTightened { get; private set; }

    public FlashRead Read(string key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Limits.ThrowIfKeyInvalid(key);
        int index = IndexOf(key);
        if (index < 0)
        {
            return FlashRead.Missing;
        }

        string path = RecordPath(key);
        FlashRead result;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            result = FlashRecord.Read(stream, Limits.MaxValueBytes);
        }
        catch (FileNotFoundException)
        {
            _keys.RemoveAt(index);
            _log.Warn("record " + path + " disappeared behind the store's back; reading key '" + key + "' as missing");
            return FlashRead.Missing;
        }

        if (result.Status == FlashReadStatus.Corrupt)
        {
            result = FlashRead.Corrupt(path + ": " + result.Problem);
            _log.Warn("key '" + key + "' is unusable, record " + result.Problem);
        }

        return result;
    }

    public void Write(string key, byte[] value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Limits.ThrowIfKeyInvalid(key);
        Limits.ThrowIfValueTooLarge(value);
        int index = IndexOf(key);
        if (index < 0 && _keys.Count >= Limits.MaxKeys)
        {
            throw new FlashStoreFullException(key, Limits.MaxKeys);
        }

        byte[] record = FlashRecord.Encode(value);
        string temp = Path.Combine(DirectoryPath, key + TempSuffix);
        try
        {
            // A fresh file, so it gets 0600 from its creation on: a leftover would keep its mode.
            File.Delete(temp);
            using (var stream = new FileStream(temp, PrivateOptions(FileMode.CreateNew, FileAccess.Write)))
            {
                stream.Write(record);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, RecordPath(key), overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        if (index < 0)
        {
            _keys.Insert(~index, key);
        }

        DirectorySync.Flush(DirectoryPath);
    }

    public bool Delete(string key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Limits.ThrowIfKeyInvalid(key);
        int index = IndexOf(key);
        if (index < 0)
        {
            return false;
        }

        File.Delete(RecordPath(key));
        _keys.RemoveAt(index);
        DirectorySync.Flush(DirectoryPath);
        return true;
    }

    public int CopyKeys(string prefix, string[] destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(destination);
        int matches = 0;
        for (int i = 0; i < _keys.Count; i++)
        {
            if (FlashKeys.HasPrefix(_keys[i], prefix))
            {
                if (matches < destination.Length)
                {
                    destination[matches] = _keys[i];
                }

                matches++;
            }
        }

        return matches;
    }

    /// <summary>Releases the folder lock. Further calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _lock.Dispose();
        }
    }

    private static FileStream OpenFolder(string directory, Logger log)
    {
        if (File.Exists(directory))
        {
            throw new FlashDirectoryUnusableException(directory, "it is a file, not a directory", null);
        }

        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else if (!Directory.Exists(directory))
            {
                // The umask can only remove bits, so the new folder is 0700 or tighter.
                Directory.CreateDirectory(directory, PrivateFolder);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FlashDirectoryUnusableException(directory, "cannot create it: " + e.Message, e);
        }

        if (!OperatingSystem.IsWindows())
        {
            MakeFolderPrivate(directory, log);
        }

        string lockPath = Path.Combine(directory, LockFileName);
        try
        {
            // FileShare.None takes an exclusive flock on Unix; the kernel drops it when the
            // owning process dies, so a crash never leaves the folder locked.
            return new FileStream(lockPath, PrivateOptions(FileMode.OpenOrCreate, FileAccess.ReadWrite));
        }
        catch (UnauthorizedAccessException e)
        {
            throw new FlashDirectoryUnusableException(directory, "not writable: " + e.Message, e);
        }
        catch (IOException e) when (IsSharingViolation(e))
        {
            throw new FlashDirectoryUnusableException(
                directory, "in use by another process (" + lockPath + " is locked)", e);
        }
        catch (IOException e)
        {
            throw new FlashDirectoryUnusableException(directory, e.Message, e);
        }
    }

    /// <summary>
    /// Tightens an existing folder to owner only (0700 for a usual folder), with a warning. Refused when that is not
    /// possible or not ours to do: a sticky folder is shared by design (/tmp), and chmod fails on a
    /// folder owned by someone else.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    private static void MakeFolderPrivate(string directory, Logger log)
    {
        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FlashDirectoryUnusableException(directory, "cannot read its permissions: " + e.Message, e);
        }

        if ((mode & GroupOrOther) == 0)
        {
            return;
        }

        if ((mode & UnixFileMode.StickyBit) != 0)
        {
            throw new FlashDirectoryUnusableException(
                directory,
                "it is a shared folder (mode " + Octal(mode) + ", sticky) but holds the device's private keys; "
                + "give --data a folder of its own",
                null);
        }

        // Only group and other lose their bits: an owner who made the folder read-only still
        // gets the "not writable" refusal rather than a folder made writable behind their back.
        UnixFileMode tightened = mode & ~GroupOrOther;
        try
        {
            File.SetUnixFileMode(directory, tightened);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FlashDirectoryUnusableException(
                directory,
                "its permissions " + Octal(mode) + " let others read the device's private keys and cannot be tightened: " + e.Message,
                e);
        }

        log.Warn("data folder " + directory + " had mode " + Octal(mode) + "; tightened to " + Octal(tightened) + " because it holds the device's private keys");
    }

    /// <summary>Options for a file in the folder: exclusive, unbuffered, created 0600 on Unix.</summary>
    private static FileStreamOptions PrivateOptions(FileMode mode, FileAccess access)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFile;
        }

        return options;
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0xFFF, 8);

    // On Unix the HResult is the errno of the failed flock (EWOULDBLOCK: 11 on Linux, 35 on macOS);
    // on Windows it is ERROR_SHARING_VIOLATION or ERROR_LOCK_VIOLATION.
    private static bool IsSharingViolation(IOException e) => OperatingSystem.IsWindows()
        ? (e.HResult & 0xFFFF) is 32 or 33
        : e.HResult is 11 or 35;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write already failed with the more useful error; the leftover is removed at the next open.
        }
    }

    // The lock file may already exist in a folder that has since become read-only, so write access
    // is proven by creating a file rather than by opening one.
    private void ProbeWritable()
    {
        string probe = Path.Combine(DirectoryPath, ProbeFileName);
        try
        {
            new FileStream(probe, PrivateOptions(FileMode.Create, FileAccess.Write)).Dispose();
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FlashDirectoryUnusableException(DirectoryPath, "not writable: " + e.Message, e);
        }
    }

    private void LoadKeys()
    {
        try
        {
            foreach (string path in Directory.EnumerateFiles(DirectoryPath))
            {
                string name = Path.GetFileName(path);
                if (name.EndsWith(TempSuffix, StringComparison.Ordinal))
                {
                    File.Delete(path);
                    InterruptedWritesRemoved++;
                    _log.Info("removed " + name + ", left by a write that was interrupted; the key keeps its previous value");
                }
                else if (name.EndsWith(RecordSuffix, StringComparison.Ordinal))
                {
                    string key = name[..^RecordSuffix.Length];
                    if (FlashKeys.IsValid(key, Limits.MaxKeyLength))
                    {
                        _keys.Add(key);
                        if (!OperatingSystem.IsWindows())
                        {
                            MakeRecordPrivate(path);
                        }
                    }
                    else
                    {
                        _log.Warn("ignoring " + path + ": '" + key + "' is not a valid key");
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FlashDirectoryUnusableException(DirectoryPath, "cannot list or clean it: " + e.Message, e);
        }

        _keys.Sort(StringComparer.Ordinal);
        if (_keys.Count > Limits.MaxKeys)
        {
            _log.Warn(
                DirectoryPath + " holds " + _keys.Count + " keys, more than the limit of " + Limits.MaxKeys
                + "; new keys are refused until some are deleted");
        }
    }

    /// <summary>A record readable by others (written by an older firmware, or copied in) becomes 0600.</summary>
    [UnsupportedOSPlatform("windows")]
    private void MakeRecordPrivate(string path)
    {
        UnixFileMode mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) == 0)
        {
            return;
        }

        File.SetUnixFileMode(path, mode & ~GroupOrOther);
        PermissionsTightened++;
        _log.Warn("record " + Path.GetFileName(path) + " had mode " + Octal(mode) + "; tightened to owner only");
    }

    private int IndexOf(string key) => _keys.BinarySearch(key, StringComparer.Ordinal);

    private string RecordPath(string key) => Path.Combine(DirectoryPath, key + RecordSuffix);
}
