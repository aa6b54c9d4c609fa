using System;
using System.Collections.Generic;
using System.IO;
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
/// </remarks>
public sealed class FileFlashStore : IFlashStore, IDisposable
{
    /// <summary>Keys longer than this could not become file names (255 bytes with the suffix).</summary>
    public const int MaxSupportedKeyLength = 250;

    private const string RecordSuffix = ".rec";
    private const string TempSuffix = ".tmp";
    private const string LockFileName = ".lock";
    private const string ProbeFileName = ".probe";

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
        _lock = OpenFolder(DirectoryPath);
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

    public void Write(string key, ReadOnlySpan<byte> value)
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
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
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

    private static FileStream OpenFolder(string directory)
    {
        if (File.Exists(directory))
        {
            throw new FlashDirectoryUnusableException(directory, "it is a file, not a directory", null);
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FlashDirectoryUnusableException(directory, "cannot create it: " + e.Message, e);
        }

        string lockPath = Path.Combine(directory, LockFileName);
        try
        {
            // FileShare.None takes an exclusive flock on Unix; the kernel drops it when the
            // owning process dies, so a crash never leaves the folder locked.
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
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
            File.WriteAllBytes(probe, []);
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

    private int IndexOf(string key) => _keys.BinarySearch(key, StringComparer.Ordinal);

    private string RecordPath(string key) => Path.Combine(DirectoryPath, key + RecordSuffix);
}
