using System.Text;
using CsCheck;
using Mash.Protocol.Wire;

namespace Mash.Protocol.Tests.Properties;

/// <summary>
/// Generators for values that cross the wire. Text covers every UTF-8 length (1 to 4 bytes) and
/// control characters, never lone surrogates (which no UTF-8 text can carry). Numbers mix the
/// small values protocols use with the full range, so header widths 1, 2, 3, 5 and 9 all occur.
/// </summary>
internal static class WireGen
{
    public static readonly Gen<int> Scalar = Gen.Frequency(
        (6, Gen.Int[0x20, 0x7E]),
        (1, Gen.Int[0, 0x1F]),
        (2, Gen.Int[0x80, 0x7FF]),
        (2, Gen.Int[0x800, 0xD7FF]),
        (1, Gen.Int[0xE000, 0xFFFF]),
        (1, Gen.Int[0x10000, 0x10FFFF]));

    public static readonly Gen<ulong> Unsigned = Gen.Frequency(
        (3, Gen.Int[0, 30].Select(i => (ulong)i)),
        (2, Gen.Int[0, 70_000].Select(i => (ulong)i)),
        (1, Gen.UInt.Select(u => (ulong)u)),
        (2, Gen.ULong));

    public static readonly Gen<CborKey> Key = Gen.OneOf<CborKey>(
        Unsigned.Select(CborKey.FromUInt64),
        Unsigned.Select(CborKey.FromNegativeArgument),
        Text(0, 8).Select(CborKey.FromText));

    public static readonly Gen<double> Double = Gen.Frequency(
        (4, Gen.Double),
        (1, Gen.OneOf(0.0, -0.0, 1.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue)));

    public static readonly Gen<CborValue> Leaf = Gen.OneOf<CborValue>(
        Gen.Const(CborValue.Null),
        Gen.Bool.Select(CborValue.FromBoolean),
        Unsigned.Select(CborValue.FromUInt64),
        Unsigned.Select(CborValue.FromNegativeArgument),
        Double.Select(CborValue.FromDouble),
        Text(0, 12).Select(CborValue.FromText),
        Bytes(0, 32).Select(b => CborValue.FromBytes(b)));

    /// <summary>Any value nested at most three containers deep, well inside the decoder's limits.</summary>
    public static readonly Gen<CborValue> Value = ValueOfDepth(3);

    public static readonly Gen<CborMap> Map = MapOfDepth(2);

    public static Gen<string> Text(int minScalars, int maxScalars) =>
        Scalar.Array[minScalars, maxScalars].Select(scalars =>
        {
            var text = new StringBuilder();
            foreach (int scalar in scalars)
            {
                text.Append(char.ConvertFromUtf32(scalar));
            }

            return text.ToString();
        });

    public static Gen<byte[]> Bytes(int min, int max) => Gen.Byte.Array[min, max];

    public static CborMap MapOf((CborKey Key, CborValue Value)[] entries)
    {
        var map = new CborMap(entries.Length);
        foreach ((CborKey key, CborValue value) in entries)
        {
            map.Set(key, value);
        }

        return map;
    }

    private static Gen<CborValue> ValueOfDepth(int depth) =>
        depth == 0
            ? Leaf
            : Gen.Frequency(
                (4, Leaf),
                (1, ValueOfDepth(depth - 1).Array[0, 5].Select(items => CborValue.FromArray(items))),
                (1, MapOfDepth(depth - 1).Select(CborValue.FromMap)));

    private static Gen<CborMap> MapOfDepth(int depth) =>
        Gen.Select(Key, ValueOfDepth(depth)).Array[0, 5].Select(MapOf);
}
