using System;
using System.Security.Cryptography;
using Mash.Protocol.Crypto;
using Mash.Protocol.DotNet;

namespace Mash.Protocol.Certificates;

/// <summary>The same request from a .NET key (controller tests, fuzzing, tools).</summary>
public static partial class DeviceCsr
{
    public static byte[] Create(ECDsa key, string deviceId, int vendorId, int productId)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var pair = new EcKeyPair(key.ExportPkcs8PrivateKey(), key.ExportSubjectPublicKeyInfo());
        return Create(DotNetX509.Instance, pair, deviceId, vendorId, productId);
    }
}
