namespace Mash.Protocol.Crypto;

/// <summary>
/// Raw NIST P-256 group arithmetic for SPAKE2+ over byte arrays (modelled on the Matter SDK's
/// Spake2p point operations: PointMul, PointAddMul, PointIsValid, PointInvert). Everything the
/// protocol means by these values (which points are M and N, what gets hashed, which checks give
/// which error) stays in the core, in <c>Mash.Protocol.Pase</c>.
/// <list type="bullet">
/// <item>A scalar is 32 bytes, big-endian.</item>
/// <item>A point is 65 bytes, SEC1 uncompressed (0x04 || X || Y). The identity (point at
/// infinity), which only a result can be, is SEC1's single byte 0x00
/// (<see cref="PointIsIdentity"/>).</item>
/// </list>
/// Point arguments must be valid points (<see cref="PointIsValid"/>) or the identity; anything
/// else is an <see cref="System.ArgumentException"/>. Implementations should do the same work for
/// every scalar (they multiply secrets). Results are new arrays the caller owns.
/// </summary>
public interface ISpake2pGroup
{
    /// <summary>A 32-byte big-endian value reduced modulo the group order n (32 bytes).</summary>
    byte[] ScalarReduce(byte[] value);

    /// <summary>True for a 32-byte big-endian scalar s with 0 &lt; s &lt; n.</summary>
    bool ScalarIsValid(byte[] scalar);

    /// <summary>
    /// True only for 65 bytes 0x04 || X || Y with X, Y below the field prime and (X, Y) on the
    /// curve (cofactor 1, so that is group membership). Never true for an identity encoding.
    /// </summary>
    bool PointIsValid(byte[] point);

    /// <summary>True for the identity as this interface encodes it (the single byte 0x00).</summary>
    bool PointIsIdentity(byte[] point);

    /// <summary>scalar·point.</summary>
    byte[] PointMul(byte[] point, byte[] scalar);

    /// <summary>scalar1·point1 + scalar2·point2.</summary>
    byte[] PointAddMul(byte[] point1, byte[] scalar1, byte[] point2, byte[] scalar2);

    /// <summary>point1 + point2.</summary>
    byte[] PointAdd(byte[] point1, byte[] point2);

    /// <summary>−point.</summary>
    byte[] PointInvert(byte[] point);
}
