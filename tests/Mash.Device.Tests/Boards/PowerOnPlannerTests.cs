using Mash.Device.Boards;

namespace Mash.Device.Tests.Boards;

public class PowerOnPlannerTests
{
    // Stages of 1000, 2000 and 3000 W.
    private static readonly BoardDefinition Heater = TestBoards.WaterHeater();

    private static int Watts(bool[] states)
    {
        int sum = 0;
        for (int i = 0; i < states.Length; i++)
        {
            sum += states[i] ? Heater.Relays[i].Watts : 0;
        }

        return sum;
    }

    [Fact]
    public void Off_keeps_every_relay_off_whatever_was_on_before()
    {
        bool[] plan = PowerOnPlanner.Plan(Heater, PowerOnState.Off, [true, true, true], PowerOnPlanner.NoCap);

        Assert.Equal([false, false, false], plan);
    }

    [Fact]
    public void On_without_a_cap_switches_every_stage_on()
    {
        Assert.Equal([true, true, true], PowerOnPlanner.Plan(Heater, PowerOnState.On, null, PowerOnPlanner.NoCap));
    }

    [Fact]
    public void On_under_a_cap_picks_the_most_power_that_fits_not_the_greedy_drop()
    {
        // Dropping the biggest stage first would give 1000 + 2000 = 3000 W; 1000 + 3000 fits better.
        bool[] plan = PowerOnPlanner.Plan(Heater, PowerOnState.On, null, 4500);

        Assert.Equal([true, false, true], plan);
    }

    [Fact]
    public void Equal_power_under_a_cap_prefers_fewer_relays()
    {
        // 3000 W either as stage 3 alone or as stages 1 + 2: one relay switches less.
        bool[] plan = PowerOnPlanner.Plan(Heater, PowerOnState.On, null, 3500);

        Assert.Equal([false, false, true], plan);
    }

    [Fact]
    public void Restore_last_brings_back_the_persisted_states()
    {
        bool[] plan = PowerOnPlanner.Plan(Heater, PowerOnState.RestoreLast, [true, false, true], PowerOnPlanner.NoCap);

        Assert.Equal([true, false, true], plan);
    }

    [Fact]
    public void Restore_last_never_switches_on_a_stage_that_was_off_to_use_the_cap()
    {
        bool[] plan = PowerOnPlanner.Plan(Heater, PowerOnState.RestoreLast, [true, false, false], 5000);

        Assert.Equal([true, false, false], plan);
    }

    [Fact]
    public void Restore_last_above_the_failsafe_cap_drops_stages_until_it_fits()
    {
        bool[] plan = PowerOnPlanner.Plan(Heater, PowerOnState.RestoreLast, [false, true, true], 2500);

        Assert.Equal([false, true, false], plan);
    }

    [Fact]
    public void Restore_last_without_persisted_states_starts_all_off()
    {
        Assert.Equal([false, false, false], PowerOnPlanner.Plan(Heater, PowerOnState.RestoreLast, null, PowerOnPlanner.NoCap));
    }

    [Fact]
    public void Restore_last_with_states_of_a_different_board_shape_starts_all_off()
    {
        bool[] plan = PowerOnPlanner.Plan(Heater, PowerOnState.RestoreLast, [true, true], PowerOnPlanner.NoCap);

        Assert.Equal([false, false, false], plan);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-5000L)]
    [InlineData(999L)]
    public void A_cap_below_the_smallest_stage_keeps_everything_off(long cap)
    {
        Assert.Equal([false, false, false], PowerOnPlanner.Plan(Heater, PowerOnState.On, null, cap));
    }

    [Fact]
    public void The_board_setting_is_used_when_no_state_is_given()
    {
        BoardDefinition board = TestBoards.WaterHeater(powerOnState: PowerOnState.On);

        Assert.Equal([true, true, true], PowerOnPlanner.Plan(board, null, PowerOnPlanner.NoCap));
    }

    [Fact]
    public void No_plan_ever_exceeds_the_cap_or_adds_a_stage_that_was_not_wanted()
    {
        for (int wantedMask = 0; wantedMask < 8; wantedMask++)
        {
            bool[] last = [(wantedMask & 1) != 0, (wantedMask & 2) != 0, (wantedMask & 4) != 0];
            for (long cap = 0; cap <= 7000; cap += 250)
            {
                bool[] plan = PowerOnPlanner.Plan(Heater, PowerOnState.RestoreLast, last, cap);

                Assert.True(Watts(plan) <= cap, $"cap {cap}, last {wantedMask}: {Watts(plan)} W");
                for (int i = 0; i < 3; i++)
                {
                    Assert.False(plan[i] && !last[i], $"cap {cap}, last {wantedMask}: relay {i + 1} added");
                }
            }
        }
    }

    [Fact]
    public void The_plan_is_a_new_array_the_caller_may_change()
    {
        bool[] last = [true, false, true];

        bool[] plan = PowerOnPlanner.Plan(Heater, PowerOnState.RestoreLast, last, PowerOnPlanner.NoCap);
        plan[0] = false;

        Assert.True(last[0]);
    }
}
