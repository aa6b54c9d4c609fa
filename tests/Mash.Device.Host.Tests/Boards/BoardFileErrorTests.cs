using System;
using System.IO;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mash.Device.Boards;
using Mash.Device.Host.Boards;

namespace Mash.Device.Host.Tests.Boards;

public class BoardFileErrorTests
{
    private const string Source = "boards/x.json";

    private static JsonObject HostSim() => JsonNode.Parse(File.ReadAllText(RepoPaths.Board("host-sim")))!.AsObject();

    private static JsonObject Relay(JsonObject board, int index) => board["relays"]![index]!.AsObject();

    private static BoardFileException Fails(JsonObject board) => Fails(board.ToJsonString());

    private static BoardFileException Fails(string json) =>
        Assert.Throws<BoardFileException>(() => BoardFile.Parse(json, Source));

    [Fact]
    public void A_missing_required_field_is_named()
    {
        JsonObject board = HostSim();
        board.Remove("vendorName");

        BoardFileException ex = Fails(board);

        Assert.Equal("vendorName", ex.Field);
        Assert.Equal("boards/x.json: vendorName: missing required field", ex.Message);
    }

    [Fact]
    public void A_missing_field_inside_a_relay_names_the_relay()
    {
        JsonObject board = HostSim();
        Relay(board, 2).Remove("watts");

        Assert.Equal("boards/x.json: relays[2].watts: missing required field", Fails(board).Message);
    }

    [Fact]
    public void A_pin_of_the_wrong_type_shows_the_expected_range_and_the_value_found()
    {
        JsonObject board = HostSim();
        Relay(board, 1)["pin"] = "a";

        BoardFileException ex = Fails(board);

        Assert.Equal("relays[1].pin", ex.Field);
        Assert.Equal("boards/x.json: relays[1].pin: expected an integer 0..63, got \"a\"", ex.Message);
    }

    [Fact]
    public void A_fractional_number_is_not_an_integer()
    {
        JsonObject board = HostSim();
        Relay(board, 0)["watts"] = 1000.5;

        Assert.Equal("relays[0].watts", Fails(board).Field);
    }

    [Fact]
    public void A_flag_given_as_a_string_is_a_type_error()
    {
        JsonObject board = HostSim();
        Relay(board, 0)["activeLow"] = "yes";

        Assert.Equal("boards/x.json: relays[0].activeLow: expected true or false, got \"yes\"", Fails(board).Message);
    }

    [Fact]
    public void A_misspelt_field_is_an_unknown_field_with_a_suggestion_not_a_silent_default()
    {
        JsonObject board = HostSim();
        Relay(board, 0).Remove("activeLow");
        Relay(board, 0)["activLow"] = true;

        BoardFileException ex = Fails(board);

        Assert.Equal("relays[0].activLow", ex.Field);
        Assert.StartsWith("unknown field; did you mean \"activeLow\"?", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_optional_looking_top_level_field_is_rejected()
    {
        JsonObject board = HostSim();
        board["powerOnStat"] = "on";

        BoardFileException ex = Fails(board);

        Assert.Equal("powerOnStat", ex.Field);
        Assert.Contains("did you mean \"powerOnState\"", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_written_twice_is_rejected()
    {
        string json = File.ReadAllText(RepoPaths.Board("host-sim")).Replace("\"productId\": 1,", "\"productId\": 1, \"productId\": 2,", StringComparison.Ordinal);

        BoardFileException ex = Fails(json);

        Assert.Equal("productId", ex.Field);
        Assert.Equal("field appears more than once", ex.Problem);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(-1)]
    public void An_out_of_range_pin_is_named(int pin)
    {
        JsonObject board = HostSim();
        Relay(board, 2)["pin"] = pin;

        Assert.Equal($"boards/x.json: relays[2].pin: expected an integer 0..63, got {pin}", Fails(board).Message);
    }

    [Fact]
    public void A_duplicate_pin_names_both_uses()
    {
        JsonObject board = HostSim();
        Relay(board, 1)["pin"] = 17;

        Assert.Equal("boards/x.json: relays[1].pin: pin 17 is already used by relays[0].pin", Fails(board).Message);
    }

    [Fact]
    public void A_status_led_on_a_relay_pin_is_named()
    {
        JsonObject board = HostSim();
        board["statusLed"]!["pin"] = 22;

        Assert.Equal("statusLed.pin", Fails(board).Field);
    }

    [Fact]
    public void An_unknown_device_type_lists_the_accepted_names()
    {
        JsonObject board = HostSim();
        board["deviceType"] = "boiler";

        BoardFileException ex = Fails(board);

        Assert.Equal("deviceType", ex.Field);
        Assert.Equal(
            "expected one of \"evse\", \"heat-pump\", \"water-heater\", \"battery\", \"inverter\", \"flexible-load\", \"other\", got \"boiler\"",
            ex.Problem);
    }

    [Fact]
    public void A_wire_number_instead_of_a_category_name_is_a_type_error()
    {
        JsonObject board = HostSim();
        board["categories"] = new JsonArray(4);

        Assert.Equal("categories[0]", Fails(board).Field);
    }

    [Fact]
    public void The_gpiod_driver_requires_a_chip_number()
    {
        JsonObject board = HostSim();
        board["gpio"] = new JsonObject { ["driver"] = "gpiod" };

        Assert.Equal("gpio.chip", Fails(board).Field);
    }

    [Fact]
    public void The_sim_driver_takes_no_chip_number()
    {
        JsonObject board = HostSim();
        board["gpio"]!["chip"] = 0;

        BoardFileException ex = Fails(board);

        Assert.Equal("gpio.chip", ex.Field);
        Assert.Equal("only the gpiod driver takes a chip number", ex.Problem);
    }

    [Fact]
    public void More_than_eight_relays_are_rejected_at_the_list()
    {
        JsonObject board = HostSim();
        var relays = new JsonArray();
        for (int i = 0; i < 9; i++)
        {
            relays.Add(new JsonObject { ["name"] = "s" + i, ["pin"] = 30 + i, ["activeLow"] = false, ["watts"] = 100 });
        }

        board["relays"] = relays;

        Assert.Equal("boards/x.json: relays: expected 1..8 relays, got 9", Fails(board).Message);
    }

    [Fact]
    public void Zero_watts_is_out_of_range()
    {
        JsonObject board = HostSim();
        Relay(board, 0)["watts"] = 0;

        Assert.Equal("boards/x.json: relays[0].watts: expected an integer 1..100000, got 0", Fails(board).Message);
    }

    [Fact]
    public void A_vendor_id_above_uint16_is_rejected()
    {
        JsonObject board = HostSim();
        board["vendorId"] = 70000;

        Assert.Equal("vendorId", Fails(board).Field);
    }

    [Fact]
    public void Semantic_rules_of_the_validator_come_back_with_the_file_name_and_field()
    {
        JsonObject board = HostSim();
        board["firmwareVersion"] = "1.0";

        BoardFileException ex = Fails(board);

        Assert.Equal("firmwareVersion", ex.Field);
        Assert.StartsWith("boards/x.json: firmwareVersion: expected a version like", ex.Message, StringComparison.Ordinal);
        Assert.IsType<BoardValidationException>(ex.InnerException);
    }

    [Fact]
    public void A_document_that_is_not_an_object_is_reported_at_the_root()
    {
        Assert.Equal("boards/x.json: $: expected an object, got an array", Fails("[]").Message);
    }

    [Fact]
    public void Broken_json_syntax_reports_the_line_and_column()
    {
        string[] lines = File.ReadAllLines(RepoPaths.Board("host-sim"));
        int vendorLine = Array.FindIndex(lines, l => l.Contains("\"vendorName\"", StringComparison.Ordinal));
        lines[vendorLine] = lines[vendorLine].TrimEnd(',');

        BoardFileException ex = Fails(string.Join("\n", lines));

        // The missing comma is noticed at the start of the next line (1-based: vendorLine + 2).
        Assert.Equal(vendorLine + 2, ex.Line);
        Assert.Null(ex.Field);
        Assert.StartsWith($"boards/x.json: line {vendorLine + 2}, column ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("invalid JSON", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trailing_comma_is_a_syntax_error_not_tolerated()
    {
        string original = File.ReadAllText(RepoPaths.Board("host-sim"));
        string json = Regex.Replace(original, @"(""watts"": 3000 \})(\s*\])", "$1,$2");
        Assert.NotEqual(original, json);

        Assert.NotNull(Fails(json).Line);
    }

    [Fact]
    public void An_empty_file_is_a_syntax_error_on_line_1()
    {
        Assert.Equal(1, Fails(string.Empty).Line);
    }

    [Fact]
    public void Optional_fields_take_their_documented_defaults()
    {
        JsonObject board = HostSim();
        foreach (string name in new[] { "description", "hardwareVersion", "minSwitchIntervalSeconds", "powerOnState", "button", "statusLed", "$schema" })
        {
            board.Remove(name);
        }

        BoardDefinition parsed = BoardFile.Parse(board.ToJsonString(), Source);

        Assert.Equal(PowerOnState.Off, parsed.PowerOnState);
        Assert.Equal(BoardDefinition.DefaultMinSwitchIntervalSeconds, parsed.MinSwitchIntervalSeconds);
        Assert.Null(parsed.Button);
        Assert.Null(parsed.StatusLed);
        Assert.Equal(string.Empty, parsed.HardwareVersion);
    }

    [Fact]
    public void An_installer_can_choose_restore_last_and_a_long_press_time()
    {
        JsonObject board = HostSim();
        board["powerOnState"] = "restore-last";
        board["button"]!["longPressSeconds"] = 5;

        BoardDefinition parsed = BoardFile.Parse(board.ToJsonString(), Source);

        Assert.Equal(PowerOnState.RestoreLast, parsed.PowerOnState);
        Assert.Equal(5, parsed.Button?.LongPressSeconds);
    }

    [Fact]
    public void A_file_whose_name_differs_from_its_board_name_is_refused()
    {
        string dir = Directory.CreateTempSubdirectory("mash-boards-").FullName;
        try
        {
            string path = Path.Combine(dir, "my-heater.json");
            File.WriteAllText(path, File.ReadAllText(RepoPaths.Board("host-sim")));

            var ex = Assert.Throws<BoardFileException>(() => BoardFile.Load(path));

            Assert.Equal("name", ex.Field);
            Assert.StartsWith(path + ": name: \"host-sim\" must match the file name \"my-heater\"", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_missing_file_is_a_board_file_error_naming_the_path()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "host-sim.json");

        var ex = Assert.Throws<BoardFileException>(() => BoardFile.Load(path));

        Assert.Equal(path, ex.SourceName);
        Assert.StartsWith(path + ": cannot read the board file", ex.Message, StringComparison.Ordinal);
    }
}
