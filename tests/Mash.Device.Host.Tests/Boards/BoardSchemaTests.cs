using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Mash.Device.Boards;

namespace Mash.Device.Host.Tests.Boards;

/// <summary>
/// Keeps boards/board.schema.json honest without a schema library: every key the shipped
/// boards use must be described where it appears, and the enum spellings must match the loader.
/// </summary>
public class BoardSchemaTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(RepoPaths.Schema)).RootElement;

    public static TheoryData<string> ShippedNames => ["host-sim", "rpi-relay", "esp32-devkitc"];

    [Theory]
    [MemberData(nameof(ShippedNames))]
    public void Every_key_in_a_shipped_board_is_described_in_the_schema(string name)
    {
        using JsonDocument board = JsonDocument.Parse(File.ReadAllText(RepoPaths.Board(name)));
        var missing = new List<string>();

        Walk(board.RootElement, Schema, "$", missing);

        Assert.Empty(missing);
    }

    [Fact]
    public void The_walk_notices_a_key_the_schema_does_not_describe()
    {
        using JsonDocument board = JsonDocument.Parse("""{ "relays": [ { "pin": 1, "activLow": true } ], "gpio": { "chipp": 0 } }""");
        var missing = new List<string>();

        Walk(board.RootElement, Schema, "$", missing);

        Assert.Equal(["$.relays[0].activLow", "$.gpio.chipp"], missing);
    }

    [Fact]
    public void Schema_enums_spell_names_exactly_as_the_loader_accepts_them()
    {
        JsonElement properties = Schema.GetProperty("properties");

        Assert.Equal(BoardNames.DeviceTypes, Strings(properties.GetProperty("deviceType").GetProperty("enum")));
        Assert.Equal(BoardNames.Categories, Strings(properties.GetProperty("categories").GetProperty("items").GetProperty("enum")));
        Assert.Equal(BoardNames.PowerOnStates, Strings(properties.GetProperty("powerOnState").GetProperty("enum")));
        Assert.Equal(BoardNames.GpioDrivers, Strings(properties.GetProperty("gpio").GetProperty("properties").GetProperty("driver").GetProperty("enum")));

        // device-root is endpoint 0 and not a valid load endpoint, so the schema leaves it out.
        var endpoints = new List<string>(BoardNames.EndpointTypes);
        endpoints.Remove("device-root");
        Assert.Equal(endpoints, Strings(properties.GetProperty("endpointType").GetProperty("enum")));
    }

    [Fact]
    public void The_schema_declares_draft_2020_12()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", Schema.GetProperty("$schema").GetString());
    }

    private static void Walk(JsonElement value, JsonElement schema, string path, List<string> missing)
    {
        schema = Resolve(schema);
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (!schema.TryGetProperty("properties", out JsonElement properties))
            {
                missing.Add(path + " (schema has no properties here)");
                return;
            }

            foreach (JsonProperty property in value.EnumerateObject())
            {
                if (properties.TryGetProperty(property.Name, out JsonElement child))
                {
                    Walk(property.Value, child, path + "." + property.Name, missing);
                }
                else
                {
                    missing.Add(path + "." + property.Name);
                }
            }
        }
        else if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out JsonElement items))
        {
            int i = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                Walk(item, items, path + "[" + i + "]", missing);
                i++;
            }
        }
    }

    private static JsonElement Resolve(JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            string target = reference.GetString()!;
            Assert.StartsWith("#/$defs/", target, StringComparison.Ordinal);
            schema = Schema.GetProperty("$defs").GetProperty(target["#/$defs/".Length..]);
        }

        return schema;
    }

    private static List<string> Strings(JsonElement array)
    {
        var list = new List<string>();
        foreach (JsonElement item in array.EnumerateArray())
        {
            list.Add(item.GetString()!);
        }

        return list;
    }
}
