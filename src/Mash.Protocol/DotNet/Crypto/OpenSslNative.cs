using System;
using System.Runtime.InteropServices;

namespace Mash.Protocol.DotNet.Crypto;

/// <summary>
/// The few libcrypto (OpenSSL 3) functions <see cref="OpenSslP256Group"/> needs: EC point and
/// BIGNUM arithmetic. .NET's own crypto on Linux already loads this library for TLS and ECDSA.
/// </summary>
internal static partial class OpenSslNative
{
    public const int NidPrime256v1 = 415;
    public const int PointConversionUncompressed = 4;

    private const string Library = "libcrypto.so.3";

    [LibraryImport(Library)]
    public static partial IntPtr EC_GROUP_new_by_curve_name(int nid);

    [LibraryImport(Library)]
    public static partial IntPtr EC_GROUP_get0_order(IntPtr group);

    [LibraryImport(Library)]
    public static partial IntPtr EC_POINT_new(IntPtr group);

    [LibraryImport(Library)]
    public static partial void EC_POINT_free(IntPtr point);

    [LibraryImport(Library)]
    public static partial void EC_POINT_clear_free(IntPtr point);

    [LibraryImport(Library)]
    public static partial int EC_POINT_oct2point(IntPtr group, IntPtr point, byte[] buffer, nuint length, IntPtr ctx);

    [LibraryImport(Library)]
    public static partial nuint EC_POINT_point2oct(IntPtr group, IntPtr point, int form, byte[]? buffer, nuint length, IntPtr ctx);

    [LibraryImport(Library)]
    public static partial int EC_POINT_is_on_curve(IntPtr group, IntPtr point, IntPtr ctx);

    [LibraryImport(Library)]
    public static partial int EC_POINT_is_at_infinity(IntPtr group, IntPtr point);

    [LibraryImport(Library)]
    public static partial int EC_POINT_mul(IntPtr group, IntPtr result, IntPtr generatorScalar, IntPtr point, IntPtr pointScalar, IntPtr ctx);

    [LibraryImport(Library)]
    public static partial int EC_POINT_add(IntPtr group, IntPtr result, IntPtr a, IntPtr b, IntPtr ctx);

    [LibraryImport(Library)]
    public static partial int EC_POINT_invert(IntPtr group, IntPtr point, IntPtr ctx);

    [LibraryImport(Library)]
    public static partial IntPtr BN_CTX_new();

    [LibraryImport(Library)]
    public static partial void BN_CTX_free(IntPtr ctx);

    [LibraryImport(Library)]
    public static partial IntPtr BN_bin2bn(byte[] bytes, int length, IntPtr result);

    [LibraryImport(Library)]
    public static partial int BN_bn2binpad(IntPtr value, byte[] buffer, int length);

    [LibraryImport(Library)]
    public static partial IntPtr BN_new();

    [LibraryImport(Library)]
    public static partial void BN_clear_free(IntPtr value);

    [LibraryImport(Library)]
    public static partial int BN_nnmod(IntPtr result, IntPtr value, IntPtr modulus, IntPtr ctx);

    [LibraryImport(Library)]
    public static partial int BN_cmp(IntPtr a, IntPtr b);

    [LibraryImport(Library)]
    public static partial int BN_is_zero(IntPtr value);

    [LibraryImport(Library)]
    public static partial void ERR_clear_error();
}
