using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mash.Protocol.Zones;

namespace Mash.Controller.State;

/// <summary>Writes zone types as the command line spells them (home-manager), reads either spelling.</summary>
internal sealed class ZoneTypeJsonConverter : JsonConverter<ZoneType>
{
    public override ZoneType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return ZoneTypes.TryParse(text, out ZoneType type) ? type : throw new JsonException($"unknown zone type \"{text}\"");
    }

    public override void Write(Utf8JsonWriter writer, ZoneType value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToOptionName());
}
