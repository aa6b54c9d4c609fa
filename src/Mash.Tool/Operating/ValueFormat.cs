using System;
using System.Globalization;
using System.Text.Json;
using Mash.Protocol.Wire;

namespace Mash.Tool.Operating;

/// <summary>How attribute values and command results are shown: as text for people, as JSON for scripts.</summary>
internal static class ValueFormat
{
    /// <summary>
    /// "2500000 mW (2500 W)", "7200 s", "2 (LIMITED)", "null", "\"text\"": the wire value with its
    /// declared unit or meaning; milliwatts also in watts, because installers think in watts.
    /// </summary>
    public static string Text(CborValue value, string? unit, string? meaning = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (meaning is not null)
        {
            return value + " (" + meaning + ")";
        }

        if (value.IsNull || unit is null || value.Kind is not (CborValueKind.Integral or CborValueKind.FloatingPoint))
        {
            return value.ToString();
        }

        string text = value + " " + unit;
        if (string.Equals(unit, "mW", StringComparison.Ordinal))
        {
            text += " (" + (value.AsDouble() / 1000).ToString("0.###", CultureInfo.InvariantCulture) + " W)";
        }

        return text;
    }

    /// <summary>
    /// CBOR as JSON: integers and floats as numbers, byte strings as lowercase hex, maps as objects
    /// (integer keys written as decimal strings).
    /// </summary>
    public static void WriteJson(Utf8JsonWriter writer, CborValue value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Kind)
        {
            case CborValueKind.Null:
                writer.WriteNullValue();
                break;
            case CborValueKind.Boolean:
                writer.WriteBooleanValue(value.AsBoolean());
                break;
            case CborValueKind.Integral:
                if (value.TryGetInt64(out long signed))
                {
                    writer.WriteNumberValue(signed);
                }
                else if (value.TryGetUInt64(out ulong unsigned))
                {
                    writer.WriteNumberValue(unsigned);
                }
                else
                {
                    // Below -2^63: beyond what JSON readers take as a number.
                    writer.WriteStringValue(value.ToString());
                }

                break;
            case CborValueKind.FloatingPoint:
                double number = value.AsDouble();
                if (double.IsFinite(number))
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case CborValueKind.Text:
                writer.WriteStringValue(value.AsText());
                break;
            case CborValueKind.Bytes:
                writer.WriteStringValue(Convert.ToHexStringLower(value.AsBytes()));
                break;
            case CborValueKind.Array:
                writer.WriteStartArray();
                for (int i = 0; i < value.Count; i++)
                {
                    WriteJson(writer, value[i]);
                }

                writer.WriteEndArray();
                break;
            default:
                WriteJson(writer, value.AsMap());
                break;
        }
    }

    public static void WriteJson(Utf8JsonWriter writer, CborMap map)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(map);
        writer.WriteStartObject();
        for (int i = 0; i < map.Count; i++)
        {
            writer.WritePropertyName(KeyText(map.GetKey(i)));
            WriteJson(writer, map.GetValue(i));
        }

        writer.WriteEndObject();
    }

    public static string KeyText(CborKey key) => key.Text ?? key.ToString();
}
