using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text.Json;
using Mash.Device.Boards;

namespace Mash.Device.Host.Boards;

/// <summary>
/// Loads board definitions from boards/*.json (format: boards/board.schema.json). Strict: unknown
/// fields, wrong types and out-of-range values are errors naming the field, and the result has
/// passed <see cref="BoardValidator"/>. The shipped boards are also embedded in this assembly so
/// mash-load runs with no files next to it.
/// </summary>
public static class BoardFile
{
    public const string DefaultBoardName = "host-sim";

    private const string ResourcePrefix = "boards/";
    private const string Extension = ".json";

    private static readonly string[] RootFields =
    {
        "$schema", "name", "description", "vendorName", "productName", "brand", "model", "vendorId",
        "productId", "firmwareVersion", "hardwareVersion", "deviceType", "endpointType", "categories",
        "gpio", "relays", "minSwitchIntervalSeconds", "powerOnState", "button", "statusLed",
    };

    private static readonly JsonDocumentOptions Strict = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    /// <summary>Names of the boards built into mash-load, sorted.</summary>
    public static IReadOnlyList<string> EmbeddedNames
    {
        get
        {
            var names = new List<string>();
            foreach (string resource in typeof(BoardFile).Assembly.GetManifestResourceNames())
            {
                if (resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) && resource.EndsWith(Extension, StringComparison.Ordinal))
                {
                    names.Add(resource.Substring(ResourcePrefix.Length, resource.Length - ResourcePrefix.Length - Extension.Length));
                }
            }

            names.Sort(StringComparer.Ordinal);
            return names;
        }
    }

    /// <summary>Reads and checks a board file; its "name" must equal the file name without .json.</summary>
    public static BoardDefinition Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BoardFileException(path, null, "cannot read the board file: " + ex.Message, ex);
        }

        BoardDefinition board = Parse(json, path);
        string stem = Path.GetFileNameWithoutExtension(path);
        if (board.Name != stem)
        {
            throw new BoardFileException(path, "name", "\"" + board.Name + "\" must match the file name \"" + stem + "\"");
        }

        return board;
    }

    /// <summary>A board built into this assembly, e.g. "host-sim".</summary>
    public static BoardDefinition LoadEmbedded(string name) => Parse(ReadEmbeddedText(name), "embedded:" + name);

    /// <summary>The text of a built-in board file, exactly as shipped.</summary>
    public static string ReadEmbeddedText(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Assembly assembly = typeof(BoardFile).Assembly;
        using Stream? stream = assembly.GetManifestResourceStream(ResourcePrefix + name + Extension);
        if (stream is null)
        {
            throw new BoardFileException(
                "embedded:" + name,
                null,
                "no built-in board with that name; built-in boards: " + string.Join(", ", EmbeddedNames));
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// What a --board option means: a value that looks like a path (has a directory separator or
    /// ends in .json) is a file; anything else names a built-in board.
    /// </summary>
    public static BoardDefinition LoadByNameOrPath(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        bool isPath = value.EndsWith(Extension, StringComparison.OrdinalIgnoreCase)
            || value.Contains('/', StringComparison.Ordinal)
            || value.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return isPath ? Load(value) : LoadEmbedded(value);
    }

    /// <param name="json">The file content.</param>
    /// <param name="sourceName">How errors name the file, e.g. "boards/x.json".</param>
    public static BoardDefinition Parse(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(sourceName);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Strict);
        }
        catch (JsonException ex)
        {
            int line = (int)(ex.LineNumber ?? 0) + 1;
            int column = (int)(ex.BytePositionInLine ?? 0) + 1;
            throw new BoardFileException(sourceName, line, column, "invalid JSON: " + WithoutPosition(ex.Message), ex);
        }

        using (document)
        {
            BoardDefinition board = Read(new JsonFieldReader(document.RootElement, string.Empty, sourceName, RootFields), sourceName);
            BoardValidationException? problem = BoardValidator.FindFirstProblem(board);
            if (problem is not null)
            {
                throw new BoardFileException(sourceName, problem.Field, problem.Problem, problem);
            }

            return board;
        }
    }

    private static BoardDefinition Read(JsonFieldReader root, string sourceName)
    {
        // Read in file order, so the first error reported is the first one an editor shows.
        string name = root.RequiredString("name");
        string description = root.OptionalString("description", string.Empty);
        string vendorName = root.RequiredString("vendorName");
        string productName = root.RequiredString("productName");
        string brand = root.RequiredString("brand");
        string model = root.RequiredString("model");
        int vendorId = root.RequiredInt("vendorId", 0, BoardValidator.MaxVendorOrProductId);
        int productId = root.RequiredInt("productId", 0, BoardValidator.MaxVendorOrProductId);
        string firmwareVersion = root.RequiredString("firmwareVersion");
        string hardwareVersion = root.OptionalString("hardwareVersion", string.Empty);
        DeviceType deviceType = root.RequiredName<DeviceType>("deviceType", BoardNames.DeviceTypes, BoardNames.TryParse);
        EndpointType endpointType = root.RequiredName<EndpointType>("endpointType", BoardNames.EndpointTypes, BoardNames.TryParse);
        DeviceCategory[] categories = ReadCategories(root);

        JsonFieldReader gpio = root.RequiredObject("gpio", "driver", "chip");
        GpioDriverKind driver = gpio.RequiredName<GpioDriverKind>("driver", BoardNames.GpioDrivers, BoardNames.TryParse);
        int chip = 0;
        if (driver == GpioDriverKind.Gpiod)
        {
            if (!gpio.Has("chip"))
            {
                throw gpio.Error(gpio.FieldPath("chip"), "missing required field (the gpiod driver needs the gpiochip number)");
            }

            chip = gpio.RequiredInt("chip", 0, BoardValidator.MaxGpioChip);
        }
        else if (gpio.Has("chip"))
        {
            throw gpio.Error(gpio.FieldPath("chip"), "only the gpiod driver takes a chip number");
        }

        RelayStage[] relays = ReadRelays(root, sourceName);
        int minSwitchInterval = root.OptionalInt(
            "minSwitchIntervalSeconds", 0, BoardValidator.MaxMinSwitchIntervalSeconds, BoardDefinition.DefaultMinSwitchIntervalSeconds);
        PowerOnState powerOn = root.OptionalName<PowerOnState>("powerOnState", BoardNames.PowerOnStates, BoardNames.TryParse, PowerOnState.Off);

        ButtonConfig? button = null;
        JsonFieldReader? buttonObject = root.OptionalObject("button", "pin", "activeLow", "longPressSeconds");
        if (buttonObject is not null)
        {
            button = new ButtonConfig(
                buttonObject.RequiredInt("pin", BoardValidator.MinPin, BoardValidator.MaxPin),
                buttonObject.RequiredBool("activeLow"),
                buttonObject.OptionalInt(
                    "longPressSeconds", BoardValidator.MinLongPressSeconds, BoardValidator.MaxLongPressSeconds, BoardDefinition.DefaultLongPressSeconds));
        }

        PinConfig? statusLed = null;
        JsonFieldReader? ledObject = root.OptionalObject("statusLed", "pin", "activeLow");
        if (ledObject is not null)
        {
            statusLed = new PinConfig(
                ledObject.RequiredInt("pin", BoardValidator.MinPin, BoardValidator.MaxPin),
                ledObject.RequiredBool("activeLow"));
        }

        return new BoardDefinition
        {
            Name = name,
            Description = description,
            VendorName = vendorName,
            ProductName = productName,
            Brand = brand,
            Model = model,
            VendorId = vendorId,
            ProductId = productId,
            FirmwareVersion = firmwareVersion,
            HardwareVersion = hardwareVersion,
            DeviceType = deviceType,
            EndpointType = endpointType,
            Categories = categories,
            GpioDriver = driver,
            GpioChip = chip,
            Relays = relays,
            MinSwitchIntervalSeconds = minSwitchInterval,
            PowerOnState = powerOn,
            Button = button,
            StatusLed = statusLed,
        };
    }

    private static DeviceCategory[] ReadCategories(JsonFieldReader root)
    {
        JsonElement array = root.RequiredArray("categories");
        var categories = new DeviceCategory[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            categories[i] = root.AsName<DeviceCategory>(item, "categories[" + i.ToString() + "]", BoardNames.Categories, BoardNames.TryParse);
            i++;
        }

        return categories;
    }

    private static RelayStage[] ReadRelays(JsonFieldReader root, string sourceName)
    {
        JsonElement array = root.RequiredArray("relays");
        int count = array.GetArrayLength();
        if (count < BoardValidator.MinRelays || count > BoardValidator.MaxRelays)
        {
            throw root.Error(
                "relays",
                "expected " + BoardValidator.MinRelays.ToString() + ".." + BoardValidator.MaxRelays.ToString() + " relays, got " + count.ToString());
        }

        var relays = new RelayStage[count];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            var relay = new JsonFieldReader(item, "relays[" + i.ToString() + "]", sourceName, "name", "pin", "activeLow", "watts");
            relays[i] = new RelayStage(
                i,
                relay.RequiredString("name"),
                relay.RequiredInt("pin", BoardValidator.MinPin, BoardValidator.MaxPin),
                relay.RequiredBool("activeLow"),
                relay.RequiredInt("watts", 1, BoardValidator.MaxWatts));
            i++;
        }

        return relays;
    }

    // System.Text.Json appends "LineNumber: n | BytePositionInLine: m." in its own 0-based terms;
    // we report 1-based line and column separately.
    private static string WithoutPosition(string message)
    {
        int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at < 0 ? message : message.Substring(0, at);
    }
}
