using System;
using System.IO;

namespace Mash.Device.Host.Storage;

/// <summary>
/// The data folder of a <see cref="FileFlashStore"/> cannot be used (it is a file, cannot be
/// created, is not writable, or another process holds it). The message is meant for the operator:
/// "data folder X is unusable: reason".
/// </summary>
public sealed class FlashDirectoryUnusableException : IOException
{
    public FlashDirectoryUnusableException()
        : base("The data folder is unusable.")
    {
    }

    public FlashDirectoryUnusableException(string message)
        : base(message)
    {
    }

    public FlashDirectoryUnusableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FlashDirectoryUnusableException(string directory, string reason, Exception? innerException)
        : base("data folder " + directory + " is unusable: " + reason, innerException)
    {
        Directory = directory;
        Reason = reason;
    }

    public string? Directory { get; }

    public string? Reason { get; }
}
