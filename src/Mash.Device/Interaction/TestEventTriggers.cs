namespace Mash.Device.Interaction;

/// <summary>
/// The lab test event triggers (after Matter's TestEventTrigger): an Invoke of
/// <see cref="CommandId"/> on endpoint 0 DeviceInfo with {enableKey: 16 bytes, trigger: uint64}
/// (or integer keys 1 and 2). Only a device configured with an enable key accepts it. A trigger
/// is a code in the upper 32 bits and an argument in the lower 32: for the timer triggers the
/// argument is seconds, 0 meaning <see cref="DefaultSeconds"/>.
/// </summary>
public static class TestEventTriggers
{
    public const byte CommandId = Model.DeviceInfoFeature.TestEventTriggerCommand;

    public const string CommandName = "testEventTrigger";

    public const int EnableKeyLength = 16;

    /// <summary>The failsafe duration (running or next) becomes the argument in seconds.</summary>
    public const ulong ShortenFailsafe = 0x0000_0001_0000_0000;

    /// <summary>Every running duration timer ends within the argument in seconds.</summary>
    public const ulong ShortenDurations = 0x0000_0002_0000_0000;

    /// <summary>The requesting connection is cut without a close handshake, as if the network failed.</summary>
    public const ulong SimulateConnectionLoss = 0x0000_0003_0000_0000;

    /// <summary>Back to the configured failsafe and duration timings.</summary>
    public const ulong RestoreTimers = 0x0000_0004_0000_0000;

    public const ulong CodeMask = 0xFFFF_FFFF_0000_0000;

    public const ulong ArgumentMask = 0x0000_0000_FFFF_FFFF;

    /// <summary>Seconds a shortened timer runs when the trigger's argument is 0.</summary>
    public const int DefaultSeconds = 10;

    /// <summary>
    /// Milliseconds between answering a connection-loss trigger and cutting the connection, so
    /// the SUCCESS response leaves before the connection drops.
    /// </summary>
    public const int ConnectionLossDelayMilliseconds = 250;
}
