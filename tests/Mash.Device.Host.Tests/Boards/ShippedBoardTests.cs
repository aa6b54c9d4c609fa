using System;
using System.IO;
using Mash.Device.Boards;
using Mash.Device.Host.Boards;

namespace Mash.Device.Host.Tests.Boards;

public class ShippedBoardTests
{
    public static TheoryData<string> ShippedNames => ["host-sim", "rpi-relay", "esp32-devkitc"];

    [Theory]
    [MemberData(nameof(ShippedNames))]
    public void Every_shipped_board_file_loads_and_is_named_after_its_file(string name)
    {
        BoardDefinition board = BoardFile.Load(RepoPaths.Board(name));

        Assert.Equal(name, board.Name);
        Assert.Null(BoardValidator.FindFirstProblem(board));
    }

    [Theory]
    [MemberData(nameof(ShippedNames))]
    public void The_embedded_copy_of_every_shipped_board_equals_the_file(string name)
    {
        Assert.Equal(File.ReadAllText(RepoPaths.Board(name)), BoardFile.ReadEmbeddedText(name));
    }

    [Fact]
    public void Exactly_the_board_files_in_the_repository_are_embedded()
    {
        string[] files = Directory.GetFiles(RepoPaths.BoardsDirectory, "*.json");
        var names = new System.Collections.Generic.List<string>();
        foreach (string file in files)
        {
            if (!file.EndsWith(".schema.json", StringComparison.Ordinal))
            {
                names.Add(Path.GetFileNameWithoutExtension(file));
            }
        }

        names.Sort(StringComparer.Ordinal);

        Assert.Equal(names, BoardFile.EmbeddedNames);
    }

    [Fact]
    public void Host_sim_is_the_default_a_simulated_three_stage_water_heater()
    {
        BoardDefinition board = BoardFile.LoadEmbedded(BoardFile.DefaultBoardName);

        Assert.Equal("host-sim", board.Name);
        Assert.Equal(GpioDriverKind.Sim, board.GpioDriver);
        Assert.Equal(DeviceType.WaterHeater, board.DeviceType);
        Assert.Equal(EndpointType.WaterHeater, board.EndpointType);
        Assert.Equal([1000, 2000, 3000], [board.Relays[0].Watts, board.Relays[1].Watts, board.Relays[2].Watts]);
        Assert.Equal(PowerOnState.Off, board.PowerOnState);
        Assert.Equal(10, board.MinSwitchIntervalSeconds);
        Assert.Equal("0.1.0", board.FirmwareVersion);
    }

    [Fact]
    public void The_raspberry_pi_board_uses_libgpiod_on_chip_0_with_active_low_relays()
    {
        BoardDefinition board = BoardFile.LoadEmbedded("rpi-relay");

        Assert.Equal(GpioDriverKind.Gpiod, board.GpioDriver);
        Assert.Equal(0, board.GpioChip);
        Assert.All(board.Relays.ToArray(), r => Assert.True(r.ActiveLow));
        Assert.Equal([26, 20, 21], [board.Relays[0].Pin, board.Relays[1].Pin, board.Relays[2].Pin]);
    }

    [Fact]
    public void The_esp32_board_is_a_pin_map_for_the_native_port_with_the_boot_key_as_button()
    {
        BoardDefinition board = BoardFile.LoadEmbedded("esp32-devkitc");

        Assert.Equal(GpioDriverKind.Native, board.GpioDriver);
        Assert.Equal(0, board.Button?.Pin);
        Assert.True(board.Button?.ActiveLow);
        Assert.Equal(2, board.Relays.Count);
    }

    [Fact]
    public void An_unknown_built_in_board_lists_the_ones_that_exist()
    {
        var ex = Assert.Throws<BoardFileException>(() => BoardFile.LoadEmbedded("rpi"));

        Assert.Equal(
            "embedded:rpi: no built-in board with that name; built-in boards: esp32-devkitc, host-sim, rpi-relay",
            ex.Message);
    }

    [Fact]
    public void A_board_option_without_a_path_names_a_built_in_board_and_with_one_a_file()
    {
        Assert.Equal("rpi-relay", BoardFile.LoadByNameOrPath("rpi-relay").Name);
        Assert.Equal("esp32-devkitc", BoardFile.LoadByNameOrPath(RepoPaths.Board("esp32-devkitc")).Name);
    }
}
