using Mash.Protocol.Crypto;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Pase;

/// <summary>
/// What the device keeps instead of the setup code: w0 and L = w1·G. Enough to run the verifier
/// role, not enough to act as a prover. Persist it with <see cref="Encode"/>; treat the bytes as
/// secret (w0 alone allows an offline search over the 10^8 codes).
/// </summary>
public sealed class Spake2PlusVerifier
{
    /// <summary>32-byte big-endian w0 followed by the 65-byte uncompressed L.</summary>
    public const int EncodedLength = Spake2PlusGroup.ScalarLength + Spake2Plus.ShareLength;

    private readonly byte[] _w0;
    private readonly byte[] _l;

    internal Spake2PlusVerifier(byte[] w0, byte[] l)
    {
        _w0 = w0;
        _l = l;
    }

    /// <summary>w0, 32 bytes big-endian (the instance's own array: do not modify).</summary>
    internal byte[] W0 => _w0;

    /// <summary>L = w1·G, 65 bytes uncompressed (the instance's own array: do not modify).</summary>
    internal byte[] L => _l;

    /// <summary>Registration: derives w0 and w1 from the code and keeps w0 and L = w1·G.</summary>
    public static Spake2PlusVerifier Derive(ICryptoPal crypto, ISpake2pGroup group, SetupCode code)
    {
        Spake2PlusKeySchedule.DeriveScalars(crypto, group, code, out byte[] w0, out byte[] w1);
        try
        {
            return FromScalars(group, w0, w1);
        }
        finally
        {
            Bytes.Clear(w1);
        }
    }

    /// <summary>From raw w0 and w1 (32 bytes big-endian each, e.g. RFC 9383's vectors); keeps a copy of w0.</summary>
    internal static Spake2PlusVerifier FromScalars(ISpake2pGroup group, byte[] w0, byte[] w1) =>
        new(Bytes.Copy(w0), Spake2PlusGroup.RequireNotIdentity(group, group.PointMul(Spake2PlusGroup.Generator, w1), "L"));

    public byte[] Encode() => Bytes.Concat(_w0, _l);

    /// <summary>
    /// Reads what <see cref="Encode"/> wrote, refusing anything that could not have come from a
    /// real registration: w0 must be in [1, n) and L a valid point other than the identity.
    /// </summary>
    public static Spake2PlusVerifier Decode(ISpake2pGroup group, byte[]? encoded)
    {
        if (encoded is null || encoded.Length != EncodedLength)
        {
            throw new PaseException($"a stored verifier must be {EncodedLength} bytes, got {(encoded is null ? 0 : encoded.Length)}");
        }

        byte[] w0 = Spake2PlusGroup.ParseScalar(group, Bytes.Slice(encoded, 0, Spake2PlusGroup.ScalarLength), "stored w0");
        byte[] l = Spake2PlusGroup.DecodeShare(group, Bytes.Slice(encoded, Spake2PlusGroup.ScalarLength, Spake2Plus.ShareLength), "stored L");
        return new Spake2PlusVerifier(w0, l);
    }

    public override string ToString() => "Spake2PlusVerifier";
}
