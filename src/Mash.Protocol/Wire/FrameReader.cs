using System;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Wire;

/// <summary>
/// Incremental frame decoder fed with bytes as they arrive from the network.
/// </summary>
/// <remarks>
/// A peer can declare 64 KiB in four bytes, so the payload buffer grows only as payload bytes
/// actually arrive (at most doubling), never to the declared length up front. The buffer is kept
/// between frames, so a connection that exchanges small frames allocates nothing in steady state;
/// after a frame larger than the retained capacity the buffer drops back, so an idle connection
/// does not pin 64 KiB.
/// <para>Use: call <see cref="Push"/> with the received bytes until it has consumed them all;
/// after each call check <see cref="Error"/> and take a completed frame with
/// <see cref="TryTakeFrame"/>. A taken frame's bytes stay valid until the next Push.</para>
/// <para>While bytes of a frame have arrived but not all of them, <see cref="InsideFrame"/> is
/// true, so a caller can time out a frame that stalls halfway. A header declaring more than the
/// maximum sets <see cref="Error"/> to <see cref="FrameError.TooLarge"/> (with
/// <see cref="DeclaredLength"/>) before any payload is buffered.</para>
/// </remarks>
public sealed partial class FrameReader
{
    /// <summary>Default initial buffer size; covers requests, responses and keep-alives.</summary>
    public const int DefaultInitialCapacity = 256;

    /// <summary>Default capacity kept between frames; larger buffers are released.</summary>
    public const int DefaultRetainedCapacity = 4096;

    private readonly int _maxFrameSize;
    private readonly int _initialCapacity;
    private readonly int _retainedCapacity;
    private byte[] _buffer;
    private int _filled;
    private int _headerBytes;
    private uint _declaredLength;
    private bool _frameReady;

    /// <summary>Creates a reader with the protocol maximum of 65536 bytes per frame.</summary>
    public FrameReader()
        : this(FrameFormat.MaxFrameSize, DefaultInitialCapacity, DefaultRetainedCapacity)
    {
    }

    /// <summary>Creates a reader with an explicit bound and buffer sizing.</summary>
    public FrameReader(int maxFrameSize, int initialCapacity, int retainedCapacity)
    {
        if (maxFrameSize < 1 || maxFrameSize > FrameFormat.MaxFrameSize)
        {
            throw new ArgumentOutOfRangeException(nameof(maxFrameSize));
        }

        if (initialCapacity < 1 || initialCapacity > retainedCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(initialCapacity));
        }

        _maxFrameSize = maxFrameSize;
        _initialCapacity = initialCapacity;
        _retainedCapacity = retainedCapacity;
        _buffer = new byte[initialCapacity];
    }

    /// <summary>The fatal error seen so far; once set, the reader consumes nothing more.</summary>
    public FrameError Error { get; private set; }

    /// <summary>
    /// True while part of a header or payload has been consumed but the frame is not complete.
    /// If the stream ends while this is true, the frame was truncated.
    /// </summary>
    public bool InsideFrame => _headerBytes > 0 && !_frameReady;

    /// <summary>True when a complete frame waits to be taken.</summary>
    public bool HasFrame => _frameReady;

    /// <summary>Length declared by the most recent complete header (for logging a TooLarge length).</summary>
    public long DeclaredLength => _headerBytes == FrameFormat.HeaderSize ? _declaredLength : 0;

    /// <summary>Current payload buffer size, for memory diagnostics.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>
    /// Consumes bytes up to the end of the current frame and returns how many were consumed.
    /// Stops early when a frame completes (take it, then push the rest) or an error occurs.
    /// </summary>
    /// <exception cref="InvalidOperationException">A completed frame has not been taken yet.</exception>
    public int Push(byte[] data)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        return Push(data, 0, data.Length);
    }

    /// <summary>
    /// Consumes up to <paramref name="count"/> bytes of <paramref name="data"/> from
    /// <paramref name="offset"/>, up to the end of the current frame, and returns how many were consumed.
    /// Stops early when a frame completes (take it, then push the rest) or an error occurs.
    /// </summary>
    /// <exception cref="InvalidOperationException">A completed frame has not been taken yet.</exception>
    public int Push(byte[] data, int offset, int count)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        if (offset < 0 || count < 0 || offset > data.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        if (Error != FrameError.None)
        {
            return 0;
        }

        if (_frameReady)
        {
            throw new InvalidOperationException("Take the completed frame before pushing more bytes.");
        }

        int consumed = 0;
        while (consumed < count)
        {
            if (_headerBytes < FrameFormat.HeaderSize)
            {
                _declaredLength = (_declaredLength << 8) | data[offset + consumed];
                consumed++;
                _headerBytes++;
                if (_headerBytes == FrameFormat.HeaderSize && !AcceptHeader())
                {
                    return consumed;
                }

                continue;
            }

            int wanted = (int)_declaredLength - _filled;
            int take = Maths.Min(wanted, count - consumed);
            EnsureCapacity(_filled + take);
            Array.Copy(data, offset + consumed, _buffer, _filled, take);
            _filled += take;
            consumed += take;
            if (_filled == (int)_declaredLength)
            {
                _frameReady = true;
                return consumed;
            }
        }

        return consumed;
    }

    /// <summary>
    /// Takes the completed frame's payload: the first <paramref name="length"/> bytes of
    /// <paramref name="buffer"/>, which is the reader's own buffer and stays valid until the next
    /// call to <see cref="Push(byte[], int, int)"/>.
    /// </summary>
    public bool TryTakeFrame(out byte[] buffer, out int length)
    {
        if (!_frameReady)
        {
            buffer = Bytes.Empty;
            length = 0;
            return false;
        }

        buffer = _buffer;
        length = _filled;
        _frameReady = false;
        _filled = 0;
        _headerBytes = 0;
        _declaredLength = 0;
        return true;
    }

    /// <summary>
    /// Call when the stream has ended: returns the sticky error, Truncated if the stream stopped
    /// inside a frame, otherwise None.
    /// </summary>
    public FrameError EndOfStream()
    {
        if (Error != FrameError.None)
        {
            return Error;
        }

        return InsideFrame ? FrameError.Truncated : FrameError.None;
    }

    /// <summary>Forgets all state and errors so the reader can serve a new connection.</summary>
    public void Reset()
    {
        Error = FrameError.None;
        _frameReady = false;
        _filled = 0;
        _headerBytes = 0;
        _declaredLength = 0;
        if (_buffer.Length > _retainedCapacity)
        {
            _buffer = new byte[_initialCapacity];
        }
    }

    private bool AcceptHeader()
    {
        if (_declaredLength == 0)
        {
            Error = FrameError.ZeroLength;
            return false;
        }

        if (_declaredLength > (uint)_maxFrameSize)
        {
            Error = FrameError.TooLarge;
            return false;
        }

        // The previous frame's memory is no longer promised to the caller here, so this is
        // the moment to give back a buffer that a single large frame inflated.
        if (_buffer.Length > _retainedCapacity)
        {
            _buffer = new byte[_initialCapacity];
        }

        return true;
    }

    private void EnsureCapacity(int required)
    {
        if (required <= _buffer.Length)
        {
            return;
        }

        // Double to keep copying linear, but never beyond what the header declared.
        int next = Maths.Max(required, _buffer.Length * 2);
        next = Maths.Min(next, (int)_declaredLength);
        byte[] grown = new byte[next];
        Array.Copy(_buffer, 0, grown, 0, _filled);
        _buffer = grown;
    }
}
