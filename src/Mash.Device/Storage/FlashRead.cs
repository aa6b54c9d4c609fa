using System;

namespace Mash.Device.Storage;

/// <summary>
/// Result of reading one key. A struct so that the common Missing case costs no allocation; only
/// <see cref="FlashReadStatus.Ok"/> carries a value, so a corrupt record can never be used by
/// accident.
/// </summary>
public readonly struct FlashRead
{
    private FlashRead(FlashReadStatus status, byte[]? value, string? problem)
    {
        Status = status;
        Value = value;
        Problem = problem;
    }

    public static FlashRead Missing => default;

    public FlashReadStatus Status { get; }

    /// <summary>The stored bytes when <see cref="Status"/> is Ok; null otherwise. The caller owns the array.</summary>
    public byte[]? Value { get; }

    /// <summary>Why the record was rejected when <see cref="Status"/> is Corrupt; null otherwise.</summary>
    public string? Problem { get; }

    public bool IsOk => Status == FlashReadStatus.Ok;

    public static FlashRead Ok(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value, nameof(value));
        return new FlashRead(FlashReadStatus.Ok, value, null);
    }

    public static FlashRead Corrupt(string problem)
    {
        ArgumentException.ThrowIfNullOrEmpty(problem, nameof(problem));
        return new FlashRead(FlashReadStatus.Corrupt, null, problem);
    }

    public override string ToString() => Status switch
    {
        FlashReadStatus.Ok => "Ok (" + Value!.Length + " bytes)",
        FlashReadStatus.Corrupt => "Corrupt: " + Problem,
        _ => "Missing",
    };
}
