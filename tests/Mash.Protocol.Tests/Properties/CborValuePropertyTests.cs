using System;
using CsCheck;
using Mash.Protocol.Wire;

namespace Mash.Protocol.Tests.Properties;

public class CborValuePropertyTests
{
    [Fact]
    public void Any_value_decodes_to_what_was_encoded()
    {
        WireGen.Value.Sample(
            value => Assert.Equal(value, CborValue.Decode(value.Encode())),
            iter: 2000);
    }

    [Fact]
    public void Re_encoding_a_decoded_value_gives_the_same_bytes()
    {
        WireGen.Value.Sample(
            value =>
            {
                byte[] first = value.Encode();
                Assert.Equal(first, CborValue.Decode(first).Encode());
            },
            iter: 2000);
    }

    [Fact]
    public void Equal_maps_encode_to_identical_bytes_whatever_order_their_entries_were_set_in()
    {
        WireGen.Map.Sample(
            map =>
            {
                var reversed = new CborMap(map.Count);
                for (int i = map.Count - 1; i >= 0; i--)
                {
                    reversed.Set(map.GetKey(i), map.GetValue(i));
                }

                Assert.Equal(CborValue.FromMap(map).Encode(), CborValue.FromMap(reversed).Encode());
            },
            iter: 1000);
    }

    [Fact]
    public void A_cleared_and_refilled_map_is_equal_to_a_fresh_map_with_the_same_entries()
    {
        Gen.Select(WireGen.Map, WireGen.Map).Sample(
            (first, second) =>
            {
                var reused = new CborMap();
                for (int i = 0; i < first.Count; i++)
                {
                    reused.Set(first.GetKey(i), first.GetValue(i));
                }

                reused.Clear();
                for (int i = 0; i < second.Count; i++)
                {
                    reused.Set(second.GetKey(i), second.GetValue(i));
                }

                Assert.Equal(second, reused);
                Assert.Equal(CborValue.FromMap(second).Encode(), CborValue.FromMap(reused).Encode());
            },
            iter: 1000);
    }

    [Fact]
    public void Integers_keep_their_value_across_the_full_signed_and_unsigned_range()
    {
        Gen.Long.Sample(
            n => Assert.Equal(n, CborValue.Decode(CborValue.FromInt64(n).Encode()).AsInt64()),
            iter: 2000);
        Gen.ULong.Sample(
            n => Assert.Equal(n, CborValue.Decode(CborValue.FromUInt64(n).Encode()).AsUInt64()),
            iter: 2000);
    }

    [Fact]
    public void A_truncated_encoding_is_rejected_as_malformed_not_misread()
    {
        Gen.Select(WireGen.Value, Gen.Double[0, 1]).Sample(
            (value, cut) =>
            {
                byte[] bytes = value.Encode();
                int keep = (int)(cut * (bytes.Length - 1));
                Assert.Throws<WireFormatException>(() => CborValue.Decode(bytes, 0, keep));
            },
            iter: 2000);
    }
}
