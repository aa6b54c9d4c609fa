using System;

namespace Mash.Device.Zones;

/// <summary>Every zone slot is taken; the message names the limit.</summary>
public sealed class ZoneFullException : Exception
{
    public ZoneFullException(int maxZones)
        : base($"zone full: this device holds at most {maxZones} zones and all are in use; remove a zone first")
    {
        MaxZones = maxZones;
    }

    public ZoneFullException()
    {
    }

    public ZoneFullException(string message)
        : base(message)
    {
    }

    public ZoneFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int MaxZones { get; }
}
