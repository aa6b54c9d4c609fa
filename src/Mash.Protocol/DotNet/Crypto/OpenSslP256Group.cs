using System;
using Mash.Protocol.Crypto;

namespace Mash.Protocol.DotNet.Crypto;

/// <summary>
/// The host's <see cref="ISpake2pGroup"/> on OpenSSL's P-256 (libcrypto 3, the library .NET's
/// TLS and ECDSA already use on Linux): its optimised, constant-time point multiplication makes
/// a SPAKE2+ exchange several times faster than <see cref="BouncyCastleP256Group"/>, which stays
/// as the independent implementation the tests compare against. Thread-safe: the group is
/// read-only after creation and every call has its own BN_CTX and temporaries.
/// </summary>
public sealed class OpenSslP256Group : ISpake2pGroup
{
    private const int ScalarLength = 32;
    private const int PointLength = 65;

    private static readonly Lazy<OpenSslP256Group> s_instance = new(() => new OpenSslP256Group());

    private readonly IntPtr _group;
    private readonly IntPtr _order;

    private OpenSslP256Group()
    {
        _group = OpenSslNative.EC_GROUP_new_by_curve_name(OpenSslNative.NidPrime256v1);
        if (_group == IntPtr.Zero)
        {
            throw new InvalidOperationException("libcrypto has no P-256 group (prime256v1)");
        }

        _order = OpenSslNative.EC_GROUP_get0_order(_group); // owned by the group, which lives as long as the process
    }

    /// <summary>The one instance host code passes to the core (the group is made on first use).</summary>
    public static OpenSslP256Group Instance => s_instance.Value;

    public byte[] ScalarReduce(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length != ScalarLength)
        {
            throw new ArgumentException($"a scalar is {ScalarLength} bytes, got {value.Length}", nameof(value));
        }

        IntPtr ctx = NewContext();
        IntPtr input = IntPtr.Zero;
        IntPtr reduced = IntPtr.Zero;
        try
        {
            input = BigNumber(value);
            reduced = Check(OpenSslNative.BN_new(), "BN_new");
            Check(OpenSslNative.BN_nnmod(reduced, input, _order, ctx), "BN_nnmod");
            return ToBytes(reduced);
        }
        finally
        {
            OpenSslNative.BN_clear_free(input);
            OpenSslNative.BN_clear_free(reduced);
            OpenSslNative.BN_CTX_free(ctx);
        }
    }

    public bool ScalarIsValid(byte[] scalar)
    {
        if (scalar is null || scalar.Length != ScalarLength)
        {
            return false;
        }

        IntPtr value = BigNumber(scalar);
        try
        {
            return OpenSslNative.BN_is_zero(value) == 0 && OpenSslNative.BN_cmp(value, _order) < 0;
        }
        finally
        {
            OpenSslNative.BN_clear_free(value);
        }
    }

    public bool PointIsValid(byte[] point)
    {
        using var work = new Work(this);
        return work.TryDecode(point, out _);
    }

    public bool PointIsIdentity(byte[] point) => point is { Length: 1 } && point[0] == 0x00;

    public byte[] PointMul(byte[] point, byte[] scalar)
    {
        using var work = new Work(this);
        IntPtr p = work.Point(point, nameof(point));
        IntPtr s = work.Scalar(scalar, nameof(scalar));
        IntPtr result = work.NewPoint();
        Check(OpenSslNative.EC_POINT_mul(_group, result, IntPtr.Zero, p, s, work.Context), "EC_POINT_mul");
        return work.Encode(result);
    }

    public byte[] PointAddMul(byte[] point1, byte[] scalar1, byte[] point2, byte[] scalar2)
    {
        // Two single-point multiplications (each OpenSSL's constant-time ladder) and an addition;
        // EC_POINTs_mul would share doublings but is deprecated and not constant-time.
        using var work = new Work(this);
        IntPtr p1 = work.Point(point1, nameof(point1));
        IntPtr s1 = work.Scalar(scalar1, nameof(scalar1));
        IntPtr p2 = work.Point(point2, nameof(point2));
        IntPtr s2 = work.Scalar(scalar2, nameof(scalar2));
        IntPtr first = work.NewPoint();
        IntPtr second = work.NewPoint();
        Check(OpenSslNative.EC_POINT_mul(_group, first, IntPtr.Zero, p1, s1, work.Context), "EC_POINT_mul");
        Check(OpenSslNative.EC_POINT_mul(_group, second, IntPtr.Zero, p2, s2, work.Context), "EC_POINT_mul");
        Check(OpenSslNative.EC_POINT_add(_group, first, first, second, work.Context), "EC_POINT_add");
        return work.Encode(first);
    }

    public byte[] PointAdd(byte[] point1, byte[] point2)
    {
        using var work = new Work(this);
        IntPtr a = work.Point(point1, nameof(point1));
        IntPtr b = work.Point(point2, nameof(point2));
        IntPtr result = work.NewPoint();
        Check(OpenSslNative.EC_POINT_add(_group, result, a, b, work.Context), "EC_POINT_add");
        return work.Encode(result);
    }

    public byte[] PointInvert(byte[] point)
    {
        using var work = new Work(this);
        IntPtr p = work.Point(point, nameof(point));
        Check(OpenSslNative.EC_POINT_invert(_group, p, work.Context), "EC_POINT_invert");
        return work.Encode(p);
    }

    private static IntPtr NewContext() => Check(OpenSslNative.BN_CTX_new(), "BN_CTX_new");

    private static IntPtr BigNumber(byte[] bytes) => Check(OpenSslNative.BN_bin2bn(bytes, bytes.Length, IntPtr.Zero), "BN_bin2bn");

    private static byte[] ToBytes(IntPtr value)
    {
        byte[] bytes = new byte[ScalarLength];
        if (OpenSslNative.BN_bn2binpad(value, bytes, ScalarLength) != ScalarLength)
        {
            throw new InvalidOperationException("libcrypto BN_bn2binpad failed");
        }

        return bytes;
    }

    private static IntPtr Check(IntPtr handle, string function) =>
        handle != IntPtr.Zero ? handle : throw new InvalidOperationException("libcrypto " + function + " failed");

    private static void Check(int result, string function)
    {
        if (result != 1)
        {
            throw new InvalidOperationException("libcrypto " + function + " failed");
        }
    }

    /// <summary>The native temporaries of one operation, freed (scalars cleared) together.</summary>
    private sealed class Work : IDisposable
    {
        private readonly OpenSslP256Group _owner;
        private readonly IntPtr[] _points = new IntPtr[4];
        private readonly IntPtr[] _scalars = new IntPtr[2];
        private int _pointCount;
        private int _scalarCount;

        public Work(OpenSslP256Group owner)
        {
            _owner = owner;
            Context = NewContext();
        }

        public IntPtr Context { get; }

        public IntPtr NewPoint()
        {
            IntPtr point = Check(OpenSslNative.EC_POINT_new(_owner._group), "EC_POINT_new");
            _points[_pointCount++] = point;
            return point;
        }

        /// <summary>A valid uncompressed point or the identity (0x00); anything else is an ArgumentException.</summary>
        public IntPtr Point(byte[] encoded, string name)
        {
            ArgumentNullException.ThrowIfNull(encoded, name);
            if (encoded.Length == 1 && encoded[0] == 0x00)
            {
                IntPtr identity = NewPoint();
                Check(OpenSslNative.EC_POINT_oct2point(_owner._group, identity, encoded, 1, Context), "EC_POINT_oct2point");
                return identity;
            }

            return TryDecode(encoded, out IntPtr point) ? point : throw new ArgumentException("not a valid uncompressed P-256 point", name);
        }

        /// <summary>Decodes 0x04 || X || Y into a new point of this operation, only if it is a curve point (not the identity).</summary>
        public bool TryDecode(byte[]? encoded, out IntPtr point)
        {
            point = IntPtr.Zero;
            if (encoded is null || encoded.Length != PointLength || encoded[0] != 0x04)
            {
                return false;
            }

            IntPtr decoded = NewPoint();

            // oct2point refuses coordinates at or above the field prime and points off the curve.
            if (OpenSslNative.EC_POINT_oct2point(_owner._group, decoded, encoded, PointLength, Context) != 1
                || OpenSslNative.EC_POINT_is_on_curve(_owner._group, decoded, Context) != 1
                || OpenSslNative.EC_POINT_is_at_infinity(_owner._group, decoded) != 0)
            {
                OpenSslNative.ERR_clear_error(); // a refused encoding leaves errors on this thread's queue, which .NET's own calls may read
                return false;
            }

            point = decoded;
            return true;
        }

        public IntPtr Scalar(byte[] scalar, string name)
        {
            ArgumentNullException.ThrowIfNull(scalar, name);
            if (scalar.Length != ScalarLength)
            {
                throw new ArgumentException($"a scalar is {ScalarLength} bytes, got {scalar.Length}", name);
            }

            IntPtr value = BigNumber(scalar);
            _scalars[_scalarCount++] = value;
            return value;
        }

        public byte[] Encode(IntPtr point)
        {
            if (OpenSslNative.EC_POINT_is_at_infinity(_owner._group, point) == 1)
            {
                return new byte[] { 0x00 };
            }

            byte[] encoded = new byte[PointLength];
            nuint written = OpenSslNative.EC_POINT_point2oct(_owner._group, point, OpenSslNative.PointConversionUncompressed, encoded, PointLength, Context);
            if (written != PointLength)
            {
                throw new InvalidOperationException("libcrypto EC_POINT_point2oct failed");
            }

            return encoded;
        }

        public void Dispose()
        {
            for (int i = 0; i < _pointCount; i++)
            {
                OpenSslNative.EC_POINT_clear_free(_points[i]);
            }

            for (int i = 0; i < _scalarCount; i++)
            {
                OpenSslNative.BN_clear_free(_scalars[i]);
            }

            OpenSslNative.BN_CTX_free(Context);
        }
    }
}
