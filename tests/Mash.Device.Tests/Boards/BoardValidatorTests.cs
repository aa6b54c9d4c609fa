using System;
using Mash.Device.Boards;

namespace Mash.Device.Tests.Boards;

public class BoardValidatorTests
{
    private static BoardValidationException Problem(BoardDefinition board)
    {
        BoardValidationException? problem = BoardValidator.FindFirstProblem(board);
        Assert.NotNull(problem);
        return problem;
    }

    [Fact]
    public void A_complete_three_stage_board_is_valid()
    {
        Assert.Null(BoardValidator.FindFirstProblem(TestBoards.WaterHeater()));
        BoardValidator.Validate(TestBoards.WaterHeater());
    }

    [Fact]
    public void Button_and_status_led_are_optional()
    {
        Assert.Null(BoardValidator.FindFirstProblem(TestBoards.WaterHeater(withButtonAndLed: false)));
    }

    [Fact]
    public void Validate_throws_the_problem_with_the_field_in_front_of_the_message()
    {
        BoardDefinition board = TestBoards.WaterHeater(vendorId: 65536);

        var ex = Assert.Throws<BoardValidationException>(() => BoardValidator.Validate(board));

        Assert.Equal("vendorId", ex.Field);
        Assert.Equal("vendorId: expected an integer 0..65535, got 65536", ex.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Vendor_id_outside_uint16_is_rejected(int vendorId)
    {
        Assert.Equal("vendorId", Problem(TestBoards.WaterHeater(vendorId: vendorId)).Field);
    }

    [Fact]
    public void Product_id_outside_uint16_is_rejected()
    {
        Assert.Equal("productId", Problem(TestBoards.WaterHeater(productId: 70000)).Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Host-Sim")]
    [InlineData("host sim")]
    [InlineData("-host")]
    public void Board_name_must_be_a_lowercase_id(string name)
    {
        Assert.Equal("name", Problem(TestBoards.WaterHeater(name: name)).Field);
    }

    [Fact]
    public void Two_relays_on_one_pin_name_the_later_relay_and_the_earlier_owner()
    {
        RelayStage[] relays =
        [
            new RelayStage(0, "stage-1", 17, false, 1000),
            new RelayStage(1, "stage-2", 17, false, 2000),
        ];

        BoardValidationException problem = Problem(TestBoards.WaterHeater(relays));

        Assert.Equal("relays[1].pin", problem.Field);
        Assert.Contains("relays[0].pin", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_button_on_a_relay_pin_is_rejected()
    {
        BoardValidationException problem = Problem(TestBoards.WaterHeater(button: new ButtonConfig(27, true, 10)));

        Assert.Equal("button.pin", problem.Field);
        Assert.Equal("pin 27 is already used by relays[1].pin", problem.Problem);
    }

    [Fact]
    public void A_status_led_on_the_button_pin_is_rejected()
    {
        BoardDefinition board = TestBoards.WaterHeater(button: new ButtonConfig(5, true, 10), statusLed: new PinConfig(5, false));

        Assert.Equal("statusLed.pin", Problem(board).Field);
    }

    [Fact]
    public void A_board_without_relays_is_rejected()
    {
        Assert.Equal("relays", Problem(TestBoards.WaterHeater(relays: [])).Field);
    }

    [Fact]
    public void Eight_relays_are_allowed_but_nine_are_not()
    {
        static RelayStage[] Stages(int count)
        {
            var relays = new RelayStage[count];
            for (int i = 0; i < count; i++)
            {
                relays[i] = new RelayStage(i, "stage-" + (i + 1), 20 + i, false, 500);
            }

            return relays;
        }

        Assert.Null(BoardValidator.FindFirstProblem(TestBoards.WaterHeater(Stages(8))));
        BoardValidationException problem = Problem(TestBoards.WaterHeater(Stages(9)));
        Assert.Equal("relays", problem.Field);
        Assert.Equal("expected 1..8 relays, got 9", problem.Problem);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(-100, false)]
    [InlineData(1, true)]
    [InlineData(100_000, true)]
    [InlineData(100_001, false)]
    public void Stage_watts_must_be_positive_and_at_most_100_kW(int watts, bool valid)
    {
        BoardDefinition board = TestBoards.WaterHeater([new RelayStage(0, "only", 17, false, watts)]);

        BoardValidationException? problem = BoardValidator.FindFirstProblem(board);

        if (valid)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Equal("relays[0].watts", problem?.Field);
        }
    }

    [Fact]
    public void A_relay_pin_above_63_is_rejected()
    {
        BoardDefinition board = TestBoards.WaterHeater([new RelayStage(0, "only", 64, false, 1000)]);

        Assert.Equal("relays[0].pin", Problem(board).Field);
    }

    [Fact]
    public void Relay_names_must_be_unique()
    {
        RelayStage[] relays =
        [
            new RelayStage(0, "stage", 17, false, 1000),
            new RelayStage(1, "stage", 27, false, 2000),
        ];

        Assert.Equal("relays[1].name", Problem(TestBoards.WaterHeater(relays)).Field);
    }

    [Fact]
    public void A_relay_whose_index_is_not_its_position_is_rejected()
    {
        RelayStage[] relays = [new RelayStage(1, "stage-1", 17, false, 1000)];

        Assert.Equal("relays[0]", Problem(TestBoards.WaterHeater(relays)).Field);
    }

    [Theory]
    [InlineData("1.0", false)]
    [InlineData("v1.0.0", false)]
    [InlineData("01.0.0", false)]
    [InlineData("1.0.0-", false)]
    [InlineData("0.1.0", true)]
    [InlineData("10.20.30-rc.1", true)]
    public void Firmware_version_must_be_major_minor_patch(string version, bool valid)
    {
        BoardValidationException? problem = BoardValidator.FindFirstProblem(TestBoards.WaterHeater(firmwareVersion: version));

        Assert.Equal(valid ? null : "firmwareVersion", problem?.Field);
    }

    [Fact]
    public void A_brand_longer_than_the_mdns_limit_is_rejected()
    {
        Assert.Equal("brand", Problem(TestBoards.WaterHeater(brand: new string('b', 33))).Field);
    }

    [Fact]
    public void The_load_endpoint_cannot_be_device_root()
    {
        Assert.Equal("endpointType", Problem(TestBoards.WaterHeater(endpointType: EndpointType.DeviceRoot)).Field);
    }

    [Fact]
    public void A_category_listed_twice_is_rejected()
    {
        BoardDefinition board = TestBoards.WaterHeater(categories: [DeviceCategory.Hvac, DeviceCategory.Hvac]);

        Assert.Equal("categories[1]", Problem(board).Field);
    }

    [Fact]
    public void At_least_one_category_is_required()
    {
        Assert.Equal("categories", Problem(TestBoards.WaterHeater(categories: [])).Field);
    }

    [Fact]
    public void Only_the_gpiod_driver_takes_a_chip_number()
    {
        Assert.Equal("gpio.chip", Problem(TestBoards.WaterHeater(gpioChip: 1)).Field);
        Assert.Null(BoardValidator.FindFirstProblem(TestBoards.WaterHeater(gpioDriver: GpioDriverKind.Gpiod, gpioChip: 4)));
    }

    [Fact]
    public void Long_press_time_must_be_at_least_two_seconds()
    {
        BoardDefinition board = TestBoards.WaterHeater(button: new ButtonConfig(5, true, 1));

        Assert.Equal("button.longPressSeconds", Problem(board).Field);
    }

    [Fact]
    public void Min_switch_interval_is_bounded_to_an_hour()
    {
        Assert.Equal("minSwitchIntervalSeconds", Problem(TestBoards.WaterHeater(minSwitchIntervalSeconds: 3601)).Field);
        Assert.Null(BoardValidator.FindFirstProblem(TestBoards.WaterHeater(minSwitchIntervalSeconds: 0)));
    }

    [Fact]
    public void A_board_keeps_its_own_copy_of_the_relay_list()
    {
        RelayStage[] relays = TestBoards.ThreeStages();
        BoardDefinition board = TestBoards.WaterHeater(relays);

        relays[0] = new RelayStage(0, "swapped", 40, true, 99);

        Assert.Equal("stage-1", board.Relays[0].Name);
        Assert.Equal(6000, board.TotalWatts);
    }
}
