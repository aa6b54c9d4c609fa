using System;
using System.Threading;

namespace Mash.Device.Host.Transport;

/// <summary>
/// The deadline of the frame being received (message-framing.md 2.2): armed when a frame's first
/// bytes arrive, disarmed when it is complete. Between frames there is no deadline, so a
/// controller may pause as long as keep-alive allows; a stale timer from an earlier frame must
/// never close the connection when the next frame's length arrives on its own.
/// </summary>
internal sealed class FrameDeadline : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private CancellationTokenSource _cts;

    public FrameDeadline(TimeSpan timeout, TimeProvider time)
    {
        _timeout = timeout;
        _time = time;
        _cts = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
    }

    /// <summary>True from a frame's first byte until it is complete.</summary>
    public bool Armed { get; private set; }

    /// <summary>Cancelled when the frame under way runs out of time; none between frames.</summary>
    public CancellationToken Token => Armed ? _cts.Token : CancellationToken.None;

    /// <summary>A new frame began: it has the whole timeout from now.</summary>
    public void FrameStarted()
    {
        // TryReset fails if the timer ever fired (or, on a test clock, always): a fresh source then.
        if (!_cts.TryReset())
        {
            _cts.Dispose();
            _cts = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        }

        _cts.CancelAfter(_timeout);
        Armed = true;
    }

    /// <summary>No frame is under way: disarm, so the timer cannot fire during an idle pause.</summary>
    public void BetweenFrames()
    {
        if (Armed)
        {
            Armed = false;
            _cts.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _cts.Dispose();
}
