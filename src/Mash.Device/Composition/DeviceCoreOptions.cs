namespace Mash.Device.Composition;

/// <summary>How the platform wants the core built (command-line options on the host, fixed values on the ESP32).</summary>
public sealed class DeviceCoreOptions
{
    /// <summary>Interop labs only: a controller may operate right after PASE as a temporary USER_APP zone.</summary>
    public bool PaseOnlySessions { get; set; }

    /// <summary>Labs only: the 16-byte key enabling DeviceInfo's test event triggers; null = none.</summary>
    public byte[]? TestEventKey { get; set; }

    /// <summary>Open the commissioning window at start even when the device already has zones.</summary>
    public bool OpenWindow { get; set; }

    /// <summary>Log every protocol frame, decoded (debug level).</summary>
    public bool TraceFrames { get; set; }

    /// <summary>Lab fault injection: false stops answering keep-alive pings.</summary>
    public bool AnswerPings { get; set; } = true;
}
