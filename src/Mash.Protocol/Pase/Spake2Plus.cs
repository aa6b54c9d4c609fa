namespace Mash.Protocol.Pase;

/// <summary>
/// Fixed parameters of the SPAKE2+ variant MASH commissioning uses (as the reference mash-go
/// implements it): P-256, SHA-256, HKDF-SHA256, HMAC-SHA256, RFC 9383's M and N, and hard-coded
/// identities. Both sides always use these identities, whatever a PASERequest claims.
/// See docs/spake2plus.md for the full derivation and how it differs from RFC 9383.
/// </summary>
public static class Spake2Plus
{
    /// <summary>idA: the prover (controller) identity, ASCII.</summary>
    public const string ProverIdentity = "mash-controller";

    /// <summary>idB: the verifier (device) identity, ASCII.</summary>
    public const string VerifierIdentity = "mash-device";

    /// <summary>pA and pB are uncompressed SEC1 P-256 points: 0x04 || X || Y.</summary>
    public const int ShareLength = 65;

    /// <summary>cA and cB are HMAC-SHA256 tags.</summary>
    public const int ConfirmationLength = 32;

    /// <summary>The shared secret the session yields (the reference hashes it into the zone ID).</summary>
    public const int SharedSecretLength = 32;
}
