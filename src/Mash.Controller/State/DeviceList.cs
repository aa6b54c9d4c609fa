using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Mash.Controller.State;

/// <summary>The shape of devices.json; the version lets a later format be recognised.</summary>
internal sealed class DeviceList
{
    public int Version { get; set; } = 1;

    public List<DeviceRecord> Devices { get; set; } = [];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(DeviceList))]
internal sealed partial class DeviceListJsonContext : JsonSerializerContext
{
}
