namespace Mash.Device.Host;

/// <summary>Exit codes of mash-load, documented in the README.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad command line (System.CommandLine reports it).</summary>
    public const int Usage = 1;

    /// <summary>The board file cannot be read or fails validation.</summary>
    public const int BadBoard = 2;

    /// <summary>The data folder cannot be used, or the identity stored in it is damaged.</summary>
    public const int BadData = 3;

    /// <summary>Anything else that stops the firmware (port in use, hardware failure).</summary>
    public const int Failure = 4;
}
