using System.Runtime.InteropServices;

namespace Mash.Device.Host.Transport;

/// <summary>
/// libc's environment, which OpenSSL reads (getenv), unlike .NET's managed copy that
/// Environment.SetEnvironmentVariable changes. Used to configure OpenSSL before it first loads.
/// </summary>
internal static partial class NativeEnvironment
{
    /// <summary>Sets <paramref name="name"/>; null on success, else why not.</summary>
    public static string? Set(string name, string value, bool overwrite) =>
        SetEnv(name, value, overwrite ? 1 : 0) == 0 ? null : Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());

    [LibraryImport("libc", EntryPoint = "setenv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
