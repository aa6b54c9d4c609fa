using System;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Crypto;

/// <summary>
/// An ECDSA P-256 key pair as bytes: the private key in PKCS#8 DER (what flash stores) and the
/// public key as SubjectPublicKeyInfo DER (what certificates and device IDs carry).
/// <see cref="Dispose"/> wipes the private key.
/// </summary>
public sealed class EcKeyPair : IDisposable
{
    public EcKeyPair(byte[] pkcs8PrivateKey, byte[] subjectPublicKeyInfo)
    {
        if (pkcs8PrivateKey == null)
        {
            throw new ArgumentNullException(nameof(pkcs8PrivateKey));
        }

        if (subjectPublicKeyInfo == null)
        {
            throw new ArgumentNullException(nameof(subjectPublicKeyInfo));
        }

        Pkcs8PrivateKey = pkcs8PrivateKey;
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
    }

    /// <summary>The private key, PKCS#8 DER. Secret: never log it.</summary>
    public byte[] Pkcs8PrivateKey { get; }

    public byte[] SubjectPublicKeyInfo { get; }

    public void Dispose() => Bytes.Clear(Pkcs8PrivateKey);
}
