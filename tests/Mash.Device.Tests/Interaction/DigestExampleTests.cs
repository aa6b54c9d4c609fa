using System;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Protocol.Wire;

namespace Mash.Device.Tests.Interaction;

/// <summary>
/// The request bytes mash-go clients send (wire digest section 2.5), fed to the device as they
/// are, with the answers a reference controller needs.
/// </summary>
public class DigestExampleTests
{
    private readonly InteractionRig _rig = new();
    private readonly Peer _peer;

    public DigestExampleTests()
    {
        _peer = _rig.Connect();
        _rig.Load.SetActivePower(1_380_000);
    }

    [Fact]
    public void Read_all_of_DeviceInfo_with_a_null_payload_returns_the_whole_feature()
    {
        Response response = Send("a5 01 02 02 01 03 00 04 01 05 f6");
        Assert.Equal(2u, response.MessageId);
        Assert.Equal(StatusCode.Success, response.Status);
        Assert.Equal(DeviceInfoFeature.Declare(false).AttributeIds.Length, response.Payload.Count);
        Assert.True(response.Payload.TryGetValue(DeviceInfoFeature.DeviceId, out CborValue? id));
        Assert.Equal(InteractionRig.DeviceId, id.AsText());
    }

    [Fact]
    public void The_mash_test_read_of_endpoint_0_feature_0_is_INVALID_FEATURE()
    {
        Response response = Send("a4 01 01 02 01 03 00 04 00");
        Assert.Equal(1u, response.MessageId);
        Assert.Equal(StatusCode.InvalidFeature, response.Status);
    }

    [Fact]
    public void Read_of_a_bare_id_list_skips_the_id_Measurement_does_not_have()
    {
        Response response = Send("a5 01 03 02 01 03 01 04 04 05 82 01 02");
        Assert.Equal(StatusCode.Success, response.Status);
        Assert.Equal("{1: 1380000}", response.Payload.ToString());
    }

    [Fact]
    public void The_subscribe_sent_right_after_commissioning_primes_acActivePower_and_reports_a_change()
    {
        Response response = Send("a5 01 02 02 03 03 01 04 04 05 a1 01 81 01");
        Assert.Equal(StatusCode.Success, response.Status);
        Assert.Equal("{1: 1, 2: {1: 1380000}}", response.Payload.ToString());

        _rig.Load.SetActivePower(2_380_000);
        _rig.RunSeconds(1);
        Assert.Equal(Convert.FromHexString("a5010002010301040405a1011a002450e0"), Assert.Single(_peer.TakeFrames()));
    }

    [Fact]
    public void Subscribe_with_intervals_in_milliseconds_is_accepted()
    {
        Response response = Send("a5 01 03 02 03 03 01 04 04 05 a3 01 82 01 02 02 19 03e8 03 19 ea60");
        Assert.Equal(StatusCode.Success, response.Status);
        _rig.RunUntil(59.999);
        Assert.Empty(_peer.TakeFrames());
        _rig.RunUntil(60);
        Assert.Single(_peer.TakeNotifications());
    }

    [Fact]
    public void Unsubscribe_of_endpoint_0_feature_0_ends_the_subscription()
    {
        Send("a5 01 02 02 03 03 01 04 04 05 a1 01 81 01");
        Response response = Send("a5 01 04 02 03 03 00 04 00 05 a1 01 01");
        Assert.Equal(StatusCode.Success, response.Status);
        Assert.Equal(0, _rig.Handler.SubscriptionCount);
    }

    [Fact]
    public void The_limit_command_of_mash_controller_sets_a_5_kW_limit()
    {
        Response response = Send("a5 01 06 02 04 03 01 04 05 05 a2 01 01 02 a2 65 6361757365 03 70 636f6e73756d7074696f6e4c696d6974 1a004c4b40");
        Assert.Equal(StatusCode.Success, response.Status);
        Assert.True(response.Payload.TryGetValue("success", out CborValue? success));
        Assert.True(success.AsBoolean());
        Assert.Equal(5_000_000, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void ClearLimit_with_null_parameters_succeeds()
    {
        Send("a5 01 06 02 04 03 01 04 05 05 a2 01 01 02 a2 65 6361757365 03 70 636f6e73756d7074696f6e4c696d6974 1a004c4b40");
        Response response = Send("a5 01 07 02 04 03 01 04 05 05 a2 01 02 02 f6");
        Assert.Equal(StatusCode.Success, response.Status);
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void Write_of_failsafeDuration_7200_is_applied_and_echoed()
    {
        Response response = Send("a5 01 08 02 02 03 01 04 05 05 a1 18 48 19 1c20");
        Assert.Equal(StatusCode.Success, response.Status);
        Assert.Equal("{72: 7200}", response.Payload.ToString());
        Assert.Equal(TimeSpan.FromHours(2), _rig.Load.FailsafeDuration);
    }

    [Fact]
    public void The_priming_response_has_the_reference_layout()
    {
        // Digest 2.5: a3 01 02 02 00 03 a2 01 01 02 a1 01 1a 00150ea0 (acActivePower 1 380 000 mW).
        _rig.Manager.Receive(_peer.Connection, Hex("a5 01 02 02 03 03 01 04 04 05 a1 01 81 01"));
        Assert.Equal(Hex("a3 01 02 02 00 03 a2 01 01 02 a1 01 1a 00150ea0"), Assert.Single(_peer.TakeFrames()));
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    private Response Send(string hex) => _peer.SendRaw(Hex(hex));
}
