using System;
using System.Linq;
using Mash.Device.Diagnostics;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Device.Transport;
using Mash.Protocol.Wire;

namespace Mash.Device.Tests.Interaction;

/// <summary>
/// Every malformed request gets an error answer carrying its message ID (message-framing.md 3.4
/// and 7.1: duplicate keys, invalid value types and missing fields are recoverable), and the
/// connection stays open.
/// </summary>
public class MalformedRequestTests
{
    private readonly InteractionRig _rig = new();
    private readonly Peer _peer;

    public MalformedRequestTests()
    {
        _peer = _rig.Connect();
    }

    [Theory]
    [InlineData("a5 01 18 2a 02 01 03 a0 04 04 05 f6")] // {1: 42, 2: Read, 3: {}, 4: 4, 5: null}
    [InlineData("a4 01 18 2a 02 04 03 a1 01 01 04 05")] // {1: 42, 2: Invoke, 3: {1: 1}, 4: 5}
    [InlineData("a4 01 18 2a 02 09 03 a0 04 05")] // {1: 42, 2: 9 (no operation), 3: {}, 4: 5}
    public void A_request_whose_endpoint_is_a_map_is_answered_with_an_error_and_its_message_id(string hex)
    {
        Response response = _peer.SendRaw(Bytes(hex));
        Assert.Equal(42u, response.MessageId);
        AssertError(response, StatusCode.InvalidParameter);
    }

    [Fact]
    public void A_request_with_a_duplicate_envelope_key_is_INVALID_PARAMETER_duplicate_key()
    {
        // {1: 43, 2: Read, 3: 1, 4: 4, 3: 0}: the reference decoder let the last endpoint win.
        Response response = _peer.SendRaw(Bytes("a5 01 18 2b 02 01 03 01 04 04 03 00"));
        Assert.Equal(43u, response.MessageId);
        AssertError(response, StatusCode.InvalidParameter);
        Assert.Contains("Duplicate key in message", Message(response), StringComparison.Ordinal);
    }

    [Fact]
    public void A_write_with_a_duplicate_attribute_key_changes_nothing()
    {
        long before = _rig.Load.FailsafeConsumptionLimitMw;

        // {1: 44, 2: Write, 3: 1, 4: 5, 5: {70: 1000000, 70: 2000000}}
        Response response = _peer.SendRaw(Bytes("a5 01 18 2c 02 02 03 01 04 05 05 a2 18 46 1a 000f4240 18 46 1a 001e8480"));
        Assert.Equal(44u, response.MessageId);
        AssertError(response, StatusCode.InvalidParameter);
        Assert.Contains("Duplicate key in message", Message(response), StringComparison.Ordinal);
        Assert.Equal(before, _rig.Load.FailsafeConsumptionLimitMw);
    }

    [Fact]
    public void A_duplicate_text_key_in_invoke_parameters_is_refused()
    {
        // {1: 45, 2: Invoke, 3: 1, 4: 5, 5: {1: 1, 2: {"cause": 0, "consumptionLimit": 1000, "consumptionLimit": 9}}}
        Response response = _peer.SendRaw(Bytes(
            "a5 01 18 2d 02 04 03 01 04 05 05 a2 01 01 02 a3 65 \"cause\" 00 70 \"consumptionLimit\" 19 03e8 70 \"consumptionLimit\" 09"));
        Assert.Equal(45u, response.MessageId);
        AssertError(response, StatusCode.InvalidParameter);
        Assert.Contains("Duplicate key in message", Message(response), StringComparison.Ordinal);
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.GetConsumptionLimitMw("zone-a"));
    }

    [Fact]
    public void A_flood_of_malformed_requests_is_answered_every_time_but_logged_as_one_line_and_a_count()
    {
        for (int i = 0; i < 5000; i++)
        {
            Assert.Equal(StatusCode.InvalidParameter, _peer.SendRaw(Bytes("a5 01 18 2a 02 01 03 a0 04 04 05 f6")).Status);
        }

        _rig.RunSeconds(10);

        string[] warnings = _rig.Log.Lines.Where(l => l.Level >= LogLevel.Warn).Select(l => l.Message).ToArray();
        Assert.Equal(2, warnings.Length);
        Assert.Contains("malformed request", warnings[0], StringComparison.Ordinal);
        Assert.EndsWith("(repeated 4999 times in the last 10 s)", warnings[1], StringComparison.Ordinal);
    }

    private static byte[] Bytes(string notation)
    {
        var bytes = new System.Collections.Generic.List<byte>();
        for (int i = 0; i < notation.Length; i++)
        {
            char c = notation[i];
            if (c == '"')
            {
                int end = notation.IndexOf('"', i + 1);
                bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(notation.Substring(i + 1, end - i - 1)));
                i = end;
            }
            else if (Uri.IsHexDigit(c))
            {
                bytes.Add(Convert.ToByte(notation.Substring(i, 2), 16));
                i++;
            }
        }

        return bytes.ToArray();
    }

    private static string Message(Response response) => response.Payload.TryGetValue(1, out CborValue? text) ? text.AsText() : string.Empty;

    private void AssertError(Response response, StatusCode expected)
    {
        Assert.Equal(expected, response.Status);
        Assert.True(response.Payload.TryGetValue(1, out CborValue? message), "an error carries {1: text}");
        Assert.False(string.IsNullOrWhiteSpace(message.AsText()));
        Assert.Equal(ConnectionState.Open, _peer.Connection.State);
        Assert.False(_peer.Channel.Closed || _peer.Channel.Aborted);
    }
}
