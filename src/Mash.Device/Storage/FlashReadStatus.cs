namespace Mash.Device.Storage;

/// <summary>Outcome of <see cref="IFlashStore.Read"/>.</summary>
/// <remarks>
/// Missing is zero so that a default <see cref="FlashRead"/> never claims to hold a value.
/// </remarks>
public enum FlashReadStatus
{
    /// <summary>No record exists for the key (never written, or deleted).</summary>
    Missing = 0,

    /// <summary>The record was found and verified; <see cref="FlashRead.Value"/> holds it.</summary>
    Ok = 1,

    /// <summary>
    /// A record exists but failed verification (bad checksum, truncated, unknown format). Its bytes
    /// are never handed out; <see cref="FlashRead.Problem"/> says what was wrong.
    /// </summary>
    Corrupt = 2,
}
