namespace Mash.Device.Boards;

/// <summary>
/// Semantic checks on a <see cref="BoardDefinition"/>, whoever built it (file loader, a port's
/// compiled-in table, a test). Reports the first problem only: fixing a board file is an
/// edit-reload loop, and one precise message beats a list that cascades from one typo.
/// Field names are the board-file paths ("relays[2].watts").
/// </summary>
public static class BoardValidator
{
    public const int MinRelays = 1;
    public const int MaxRelays = 8;
    public const int MinPin = 0;
    public const int MaxPin = 63;
    public const int MaxWatts = 100_000;
    public const int MaxVendorOrProductId = 0xFFFF;
    public const int MaxGpioChip = 255;
    public const int MaxMinSwitchIntervalSeconds = 3600;
    public const int MinLongPressSeconds = 2;
    public const int MaxLongPressSeconds = 60;
    public const int MaxCategories = 7;

    /// <summary>Upper bound for identity strings; they travel in DeviceInfo and mDNS TXT records.</summary>
    public const int MaxTextLength = 64;
    public const int MaxNameLength = 32;

    /// <summary>Descriptions stay on the device (logs, tooling); generous but bounded.</summary>
    public const int MaxDescriptionLength = 512;

    /// <summary>The mDNS TXT limit for brand and model.</summary>
    public const int MaxTxtLength = 32;

    /// <summary>Throws the first problem found; returns normally for a usable board.</summary>
    public static void Validate(BoardDefinition board)
    {
        BoardValidationException? problem = FindFirstProblem(board);
        if (problem is not null)
        {
            throw problem;
        }
    }

    /// <summary>The first problem found, or null for a usable board.</summary>
    public static BoardValidationException? FindFirstProblem(BoardDefinition board)
    {
        System.ArgumentNullException.ThrowIfNull(board, nameof(board));

        string? message = CheckId(board.Name);
        if (message is not null)
        {
            return new BoardValidationException("name", message);
        }

        BoardValidationException? problem =
            Text("description", board.Description, MaxDescriptionLength, required: false)
            ?? Text("vendorName", board.VendorName, MaxTextLength, required: true)
            ?? Text("productName", board.ProductName, MaxTextLength, required: true)
            ?? Text("brand", board.Brand, MaxTxtLength, required: true)
            ?? Text("model", board.Model, MaxTxtLength, required: true)
            ?? Range("vendorId", board.VendorId, 0, MaxVendorOrProductId)
            ?? Range("productId", board.ProductId, 0, MaxVendorOrProductId)
            ?? Text("hardwareVersion", board.HardwareVersion, MaxNameLength, required: false);
        if (problem is not null)
        {
            return problem;
        }

        if (!IsVersion(board.FirmwareVersion))
        {
            return new BoardValidationException(
                "firmwareVersion",
                "expected a version like \"0.1.0\" (MAJOR.MINOR.PATCH, optional -suffix), got \"" + board.FirmwareVersion + "\"");
        }

        if (!BoardNames.IsDefined(board.DeviceType))
        {
            return new BoardValidationException("deviceType", "unknown device type " + ((int)board.DeviceType).ToString());
        }

        if (!BoardNames.IsDefined(board.EndpointType))
        {
            return new BoardValidationException("endpointType", "unknown endpoint type " + ((int)board.EndpointType).ToString());
        }

        if (board.EndpointType == EndpointType.DeviceRoot)
        {
            return new BoardValidationException("endpointType", "device-root is endpoint 0 of every device; name the type of the load endpoint");
        }

        problem = CheckCategories(board.Categories) ?? CheckGpio(board);
        if (problem is not null)
        {
            return problem;
        }

        problem = CheckRelays(board.Relays)
            ?? Range("minSwitchIntervalSeconds", board.MinSwitchIntervalSeconds, 0, MaxMinSwitchIntervalSeconds);
        if (problem is not null)
        {
            return problem;
        }

        if (!BoardNames.IsDefined(board.PowerOnState))
        {
            return new BoardValidationException("powerOnState", "unknown power-on state " + ((int)board.PowerOnState).ToString());
        }

        if (board.Button is not null)
        {
            problem = Range("button.pin", board.Button.Pin, MinPin, MaxPin)
                ?? Range("button.longPressSeconds", board.Button.LongPressSeconds, MinLongPressSeconds, MaxLongPressSeconds);
            if (problem is not null)
            {
                return problem;
            }
        }

        if (board.StatusLed is not null)
        {
            problem = Range("statusLed.pin", board.StatusLed.Pin, MinPin, MaxPin);
            if (problem is not null)
            {
                return problem;
            }
        }

        return CheckPinsUnique(board);
    }

    private static BoardValidationException? CheckCategories(DeviceCategoryList categories)
    {
        if (categories.Count == 0)
        {
            return new BoardValidationException("categories", "list at least one mDNS category");
        }

        if (categories.Count > MaxCategories)
        {
            return new BoardValidationException("categories", "at most " + MaxCategories.ToString() + " categories, got " + categories.Count.ToString());
        }

        for (int i = 0; i < categories.Count; i++)
        {
            string field = "categories[" + i.ToString() + "]";
            if (!BoardNames.IsDefined(categories[i]))
            {
                return new BoardValidationException(field, "unknown category " + ((int)categories[i]).ToString());
            }

            for (int j = 0; j < i; j++)
            {
                if (categories[j] == categories[i])
                {
                    return new BoardValidationException(field, "\"" + BoardNames.Of(categories[i]) + "\" is already listed at categories[" + j.ToString() + "]");
                }
            }
        }

        return null;
    }

    private static BoardValidationException? CheckGpio(BoardDefinition board)
    {
        if (!BoardNames.IsDefined(board.GpioDriver))
        {
            return new BoardValidationException("gpio.driver", "unknown gpio driver " + ((int)board.GpioDriver).ToString());
        }

        if (board.GpioDriver == GpioDriverKind.Gpiod)
        {
            return Range("gpio.chip", board.GpioChip, 0, MaxGpioChip);
        }

        return board.GpioChip == 0
            ? null
            : new BoardValidationException("gpio.chip", "only the gpiod driver takes a chip number");
    }

    private static BoardValidationException? CheckRelays(RelayStageList relays)
    {
        if (relays.Count < MinRelays || relays.Count > MaxRelays)
        {
            return new BoardValidationException(
                "relays",
                "expected " + MinRelays.ToString() + ".." + MaxRelays.ToString() + " relays, got " + relays.Count.ToString());
        }

        for (int i = 0; i < relays.Count; i++)
        {
            string prefix = "relays[" + i.ToString() + "]";
            RelayStage relay = relays[i];
            if (relay is null)
            {
                return new BoardValidationException(prefix, "missing relay");
            }

            if (relay.Index != i)
            {
                return new BoardValidationException(prefix, "index " + relay.Index.ToString() + " does not match its position " + i.ToString());
            }

            string? idProblem = CheckId(relay.Name);
            if (idProblem is not null)
            {
                return new BoardValidationException(prefix + ".name", idProblem);
            }

            for (int j = 0; j < i; j++)
            {
                if (relays[j].Name == relay.Name)
                {
                    return new BoardValidationException(prefix + ".name", "\"" + relay.Name + "\" is already used by relays[" + j.ToString() + "]");
                }
            }

            BoardValidationException? problem = Range(prefix + ".pin", relay.Pin, MinPin, MaxPin);
            if (problem is not null)
            {
                return problem;
            }

            if (relay.Watts <= 0 || relay.Watts > MaxWatts)
            {
                return new BoardValidationException(
                    prefix + ".watts",
                    "expected 1.." + MaxWatts.ToString() + " W, got " + relay.Watts.ToString());
            }
        }

        return null;
    }

    // One physical pin cannot drive two things; a copy-paste slip here would switch the wrong load.
    private static BoardValidationException? CheckPinsUnique(BoardDefinition board)
    {
        RelayStageList relays = board.Relays;
        for (int i = 0; i < relays.Count; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (relays[j].Pin == relays[i].Pin)
                {
                    return PinTaken("relays[" + i.ToString() + "].pin", relays[i].Pin, "relays[" + j.ToString() + "].pin");
                }
            }
        }

        if (board.Button is not null)
        {
            string? owner = RelayUsing(relays, board.Button.Pin);
            if (owner is not null)
            {
                return PinTaken("button.pin", board.Button.Pin, owner);
            }
        }

        if (board.StatusLed is not null)
        {
            string? owner = RelayUsing(relays, board.StatusLed.Pin);
            if (owner is null && board.Button is not null && board.Button.Pin == board.StatusLed.Pin)
            {
                owner = "button.pin";
            }

            if (owner is not null)
            {
                return PinTaken("statusLed.pin", board.StatusLed.Pin, owner);
            }
        }

        return null;
    }

    private static string? RelayUsing(RelayStageList relays, int pin)
    {
        for (int i = 0; i < relays.Count; i++)
        {
            if (relays[i].Pin == pin)
            {
                return "relays[" + i.ToString() + "].pin";
            }
        }

        return null;
    }

    private static BoardValidationException PinTaken(string field, int pin, string owner) =>
        new(field, "pin " + pin.ToString() + " is already used by " + owner);

    private static BoardValidationException? Range(string field, int value, int min, int max) =>
        value < min || value > max
            ? new BoardValidationException(field, "expected an integer " + min.ToString() + ".." + max.ToString() + ", got " + value.ToString())
            : null;

    private static BoardValidationException? Text(string field, string? value, int maxLength, bool required)
    {
        if (value is null || value.Length == 0)
        {
            return required ? new BoardValidationException(field, "must not be empty") : null;
        }

        if (value.Length > maxLength)
        {
            return new BoardValidationException(field, "at most " + maxLength.ToString() + " characters, got " + value.Length.ToString());
        }

        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] < ' ' || value[i] == '\u007f')
            {
                return new BoardValidationException(field, "control characters are not allowed");
            }
        }

        if (value[0] == ' ' || value[value.Length - 1] == ' ')
        {
            return new BoardValidationException(field, "leading or trailing spaces are not allowed");
        }

        return null;
    }

    // Board and relay names become file names and log tokens: keep them to [a-z0-9-].
    private static string? CheckId(string? id)
    {
        if (id is null || id.Length == 0)
        {
            return "must not be empty";
        }

        if (id.Length > MaxNameLength)
        {
            return "at most " + MaxNameLength.ToString() + " characters, got " + id.Length.ToString();
        }

        for (int i = 0; i < id.Length; i++)
        {
            char c = id[i];
            bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0 && i < id.Length - 1);
            if (!ok)
            {
                return "use lowercase letters, digits and inner dashes only, got \"" + id + "\"";
            }
        }

        return null;
    }

    private static bool IsVersion(string? version)
    {
        if (version is null || version.Length > MaxNameLength)
        {
            return false;
        }

        int pos = 0;
        for (int part = 0; part < 3; part++)
        {
            if (part > 0)
            {
                if (pos >= version.Length || version[pos] != '.')
                {
                    return false;
                }

                pos++;
            }

            int start = pos;
            while (pos < version.Length && version[pos] >= '0' && version[pos] <= '9')
            {
                pos++;
            }

            if (pos == start || (pos - start > 1 && version[start] == '0'))
            {
                return false;
            }
        }

        if (pos == version.Length)
        {
            return true;
        }

        if (version[pos] != '-' || pos == version.Length - 1)
        {
            return false;
        }

        for (pos++; pos < version.Length; pos++)
        {
            char c = version[pos];
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
