using System;
using Mash.Protocol.Wire;

namespace Mash.Protocol.Tests.Wire;

public class MessageClassifierTests
{
    private const string PublicShare =
        "0420dfffb0ea1bb27e2f1afb227cdd645d5d3d7c697ce189cfdb7573de6abf4779a9df7b7b4a528cce65df117ccc48b8a81599f12c54d719c2419044072572fb41";

    private const string Confirmation = "734cbec8420073b52f3c318819945f3839ff8bb1c291646e6d036d44704abe5f";

    private static MessageKind Classify(string bytes) => MessageClassifier.Classify(Hex.Parse(bytes));

    [Theory]
    [InlineData("a5 01 02 02 01 03 00 04 01 05 f6")]
    [InlineData("a4 01 01 02 01 03 00 04 00")]
    [InlineData("a5 01 03 02 01 03 01 04 04 05 82 01 02")]
    [InlineData("a5 01 02 02 03 03 01 04 04 05 a1 01 81 01")]
    [InlineData("a5 01 04 02 03 03 00 04 00 05 a1 01 01")]
    [InlineData("a5 01 06 02 04 03 01 04 05 05 a2 01 01 02 a2 65 \"cause\" 03 70 \"consumptionLimit\" 1a 004c4b40")]
    [InlineData("a5 01 07 02 04 03 01 04 05 05 a2 01 02 02 f6")]
    [InlineData("a5 01 08 02 02 03 01 04 05 05 a1 18 48 19 1c20")]
    [InlineData("a4 01 18 1e 02 01 03 00 04 01")]
    [InlineData("a4 01 18 21 02 01 03 00 04 01")]
    public void Requests_that_mash_go_clients_send_are_requests(string bytes)
    {
        Assert.Equal(MessageKind.Request, Classify(bytes));
    }

    [Theory]
    [InlineData("a3 01 02 02 00 03 a0")]
    [InlineData("a3 01 02 02 00 03 a2 01 01 02 a1 01 1a 00150ea0")]
    [InlineData("a3 01 05 02 05 03 a1 01 63 \"bad\"")]
    [InlineData("a3 01 02 02 01 03 a0")]
    [InlineData("a2 01 09 02 0a")]
    [InlineData("a3 01 09 02 05 03 f6")]
    public void Responses_are_responses(string bytes)
    {
        Assert.Equal(MessageKind.Response, Classify(bytes));
    }

    [Fact]
    public void The_digest_notification_is_a_notification()
    {
        Assert.Equal(MessageKind.Notification, Classify("a5 01 00 02 01 03 01 04 04 05 a1 01 1a 002450e0"));
    }

    [Theory]
    [InlineData("a2 01 01 02 07")]
    [InlineData("a2 01 02 02 07")]
    [InlineData("a1 01 03")]
    [InlineData("a2 64 \"type\" 64 \"ping\" 63 \"seq\" 19 3039")]
    [InlineData("a1 64 \"type\" 69 \"close_ack\"")]
    [InlineData("a2 64 \"type\" 65 \"close\" 66 \"reason\" 68 \"shutdown\"")]
    public void Control_messages_in_both_key_forms_are_control(string bytes)
    {
        Assert.Equal(MessageKind.Control, Classify(bytes));
    }

    [Theory]
    [InlineData("a5 01 18 2a 02 01 03 a0 04 04 05 f6")]
    [InlineData("a4 01 18 2a 02 04 03 a1 01 01 04 05")]
    public void A_request_whose_endpoint_is_a_map_is_still_a_request_because_it_carries_key_4(string bytes)
    {
        // A response never has key 4; calling this a response left the controller without an answer.
        Assert.Equal(MessageKind.Request, Classify(bytes));
        WireFormatException error = Assert.Throws<WireFormatException>(() => MessageCodec.DecodeRequest(Hex.Parse(bytes)));
        Assert.Equal(42u, error.MessageId);
    }

    [Fact]
    public void A_response_without_a_payload_map_to_ids_1_to_3_looks_like_control_which_is_why_we_always_send_one()
    {
        Assert.Equal(MessageKind.Control, Classify("a2 01 02 02 00"));
        Assert.Equal(MessageKind.Response, Classify("a3 01 02 02 00 03 a0"));
    }

    [Fact]
    public void A_map_less_reply_to_request_33_looks_like_a_renewal_ack_as_in_the_reference()
    {
        Assert.Equal(MessageKind.Renewal, Classify("a2 01 18 21 02 00"));
    }

    [Theory]
    [InlineData("a3 01 01 02 58 41 " + PublicShare + " 03 4f \"mash-controller\"")]
    [InlineData("a2 01 02 02 58 41 " + PublicShare)]
    [InlineData("a2 01 03 02 58 20 " + Confirmation)]
    [InlineData("a3 01 04 02 58 20 " + Confirmation + " 03 00")]
    [InlineData("a3 01 04 02 58 20 " + Confirmation + " 03 02")]
    [InlineData("a3 01 18 ff 02 01 03 72 \"invalid public key\"")]
    [InlineData("a2 01 18 ff 02 02")]
    [InlineData("a2 01 0a 02 42 0102")]
    [InlineData("a2 01 0d 02 00")]
    [InlineData("a1 01 14")]
    public void Commissioning_messages_are_pase(string bytes)
    {
        Assert.Equal(MessageKind.Pase, Classify(bytes));
    }

    [Theory]
    [InlineData("a2 01 18 1e 02 58 20 " + Confirmation)]
    [InlineData("a2 01 18 1f 02 43 308201")]
    [InlineData("a3 01 18 20 02 43 308201 03 05")]
    [InlineData("a3 01 18 21 02 00 03 05")]
    [InlineData("a3 01 18 21 02 01 03 00")]
    [InlineData("a3 01 18 21 02 03 03 05")]
    public void Renewal_messages_are_renewal(string bytes)
    {
        Assert.Equal(MessageKind.Renewal, Classify(bytes));
    }

    [Theory]
    [InlineData("")]
    [InlineData("01")]
    [InlineData("82 01 02")]
    [InlineData("a0")]
    [InlineData("a2 01 01 02")]
    [InlineData("a1 01 03 00")]
    [InlineData("a1 01 1c")]
    [InlineData("a1 61 \"x\" 01")]
    [InlineData("a2 01 20 02 00")]
    [InlineData("a2 01 1b 0000000100000000 02 00")]
    [InlineData("a1 64 \"type\" 64 \"nope\"")]
    [InlineData("a2 01 05 02 42 0102")]
    [InlineData("a4 01 09 02 07 03 01 04 01")]
    [InlineData("ff")]
    public void Frames_matching_no_rule_or_not_well_formed_are_malformed(string bytes)
    {
        Assert.Equal(MessageKind.Malformed, Classify(bytes));
    }

    [Fact]
    public void Nesting_beyond_sixteen_levels_is_malformed_but_sixteen_is_fine()
    {
        // The top map holds key 5 whose value starts the nesting: map level 1, arrays from level 2.
        string Nested(int arrays) => "a5 01 02 02 01 03 00 04 01 05 " + string.Concat(Repeat("81 ", arrays)) + "01";

        Assert.Equal(MessageKind.Request, Classify(Nested(15)));
        Assert.Equal(MessageKind.Malformed, Classify(Nested(16)));
    }

    [Fact]
    public void Thousands_of_nested_arrays_are_malformed_without_overflowing_the_stack()
    {
        Assert.Equal(MessageKind.Malformed, Classify(string.Concat(Repeat("81 ", 50000)) + "01"));
    }

    [Fact]
    public void Indefinite_lengths_duplicates_and_tags_are_accepted_like_the_reference()
    {
        Assert.Equal(MessageKind.Request, Classify("bf 01 02 02 01 03 00 04 01 05 9f 01 ff ff"));
        Assert.Equal(MessageKind.Response, Classify("a4 01 02 02 00 03 a0 02 05"));
        Assert.Equal(MessageKind.Notification, Classify("c1 a2 01 00 02 c1 01"));
    }

    [Fact]
    public void Classifying_allocates_nothing()
    {
        byte[] request = Hex.Parse("a5 01 06 02 04 03 01 04 05 05 a2 01 01 02 a2 65 \"cause\" 03 70 \"consumptionLimit\" 1a 004c4b40");
        MessageClassifier.Classify(request);
        int requests = 0;

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            requests += MessageClassifier.Classify(request) == MessageKind.Request ? 1 : 0;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1000, requests);
        Assert.True(allocated < 1000, $"{allocated} bytes allocated");
    }

    private static string[] Repeat(string text, int count)
    {
        var parts = new string[count];
        Array.Fill(parts, text);
        return parts;
    }
}
