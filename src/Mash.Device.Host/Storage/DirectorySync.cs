using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Mash.Device.Host.Storage;

/// <summary>
/// fsync on a directory, so that a rename or unlink inside it is itself durable. .NET has no API
/// for this (a directory cannot be opened as a FileStream), hence libc on Linux. Elsewhere it is
/// skipped: other platforms either order metadata themselves or are not deployment targets.
/// </summary>
internal static partial class DirectorySync
{
    // O_RDONLY | O_CLOEXEC; the same values on every Linux architecture (O_DIRECTORY is not).
    private const int OpenFlags = 0x80000;
    private const int EINVAL = 22;
    private const int EROFS = 30;

    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int fd = Open(directory, OpenFlags);
        if (fd < 0)
        {
            int error = Marshal.GetLastPInvokeError();
            throw new IOException(
                "Cannot open " + directory + " to sync it: " + Marshal.GetPInvokeErrorMessage(error));
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                int error = Marshal.GetLastPInvokeError();

                // Some file systems (FUSE, some network mounts) do not sync directories at all;
                // there is nothing more durable to ask for there.
                if (error != EINVAL && error != EROFS)
                {
                    throw new IOException(
                        "Cannot sync directory " + directory + ": " + Marshal.GetPInvokeErrorMessage(error));
                }
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
