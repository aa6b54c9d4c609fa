using System;
using Mash.Device.Model;
using Mash.Device.Runtime;
using Mash.Protocol.Wire;

namespace Mash.Device.Interaction;

/// <summary>
/// One subscription of one connection ([63] subscription-semantics). It remembers the value last
/// reported for each attribute. A change that makes a value differ from it opens a coalescing
/// window of minInterval (spec 2.2: the window starts at the first change after the previous
/// report); when the window ends, the attributes whose value still differs are sent (delta only,
/// last value, and a value that bounced back is not sent at all). maxInterval after the last
/// report without another one, an empty heartbeat goes out. One re-armed timer does both.
/// </summary>
internal sealed class Subscription
{
    private static readonly CborMap EmptyChanges = new(0);

    private readonly InteractionSession _session;
    private readonly Scheduler _scheduler;
    private readonly ushort[] _attributeIds;
    private readonly CborValue[] _reported;
    private readonly TimeSpan _minInterval;
    private readonly TimeSpan _maxInterval;
    private readonly TimerHandle _timer;
    private TimeSpan _lastReport;
    private TimeSpan _windowEnd;
    private bool _windowOpen;
    private bool _ended;

    public Subscription(InteractionSession session, Scheduler scheduler, uint id, Feature feature, ushort[] attributeIds, TimeSpan minInterval, TimeSpan maxInterval)
    {
        _session = session;
        _scheduler = scheduler;
        Id = id;
        Feature = feature;
        _attributeIds = attributeIds;
        _minInterval = minInterval;
        _maxInterval = maxInterval;
        _reported = new CborValue[attributeIds.Length];
        Requester requester = session.Requester;
        for (int i = 0; i < attributeIds.Length; i++)
        {
            _reported[i] = feature.Read(attributeIds[i], requester);
        }

        _lastReport = scheduler.Clock.Monotonic;
        _timer = scheduler.After(maxInterval, OnTimer);
    }

    public uint Id { get; }

    public Feature Feature { get; }

    /// <summary>
    /// The priming report: every subscribed attribute's value when the subscription began. Built
    /// for the subscribe response right after construction and not kept (heap budget, issue 15 item 7).
    /// </summary>
    public CborMap PrimingReport()
    {
        var priming = new CborMap(_attributeIds.Length);
        for (int i = 0; i < _attributeIds.Length; i++)
        {
            priming.Set(_attributeIds[i], _reported[i]);
        }

        return priming;
    }

    public int AttributeCount => _attributeIds.Length;

    /// <summary>A feature reported that <paramref name="attributeId"/> may have changed.</summary>
    public void OnAttributeChanged(ushort attributeId)
    {
        if (_ended || _windowOpen)
        {
            return;
        }

        int index = IndexOf(attributeId);
        if (index < 0 || Feature.Read(attributeId, _session.Requester).Equals(_reported[index]))
        {
            return;
        }

        _windowOpen = true;
        _windowEnd = _scheduler.Clock.Monotonic + _minInterval;
        Rearm();
    }

    /// <summary>Stops for good (unsubscribe or connection closed); nothing more is sent.</summary>
    public void End()
    {
        _ended = true;
        _timer.Cancel();
    }

    private void OnTimer()
    {
        if (_ended)
        {
            return;
        }

        TimeSpan now = _scheduler.Clock.Monotonic;
        bool sent = false;
        if (_windowOpen && now >= _windowEnd)
        {
            _windowOpen = false;
            CborMap? changes = CollectChanges();
            if (changes is not null)
            {
                _lastReport = now;
                sent = true;
                Send(changes);
            }
        }

        if (!sent && !_ended && now >= _lastReport + _maxInterval)
        {
            _lastReport = now;
            Send(EmptyChanges);
        }

        if (!_ended)
        {
            Rearm();
        }
    }

    private CborMap? CollectChanges()
    {
        Requester requester = _session.Requester;
        CborMap changes = _session.ReportChanges;
        changes.Clear();
        for (int i = 0; i < _attributeIds.Length; i++)
        {
            CborValue now = Feature.Read(_attributeIds[i], requester);
            if (!now.Equals(_reported[i]))
            {
                changes.Set(_attributeIds[i], now);
                _reported[i] = now;
            }
        }

        return changes.Count > 0 ? changes : null;
    }

    // A loop, not Array.IndexOf: nanoFramework's is the object overload, which boxes every ID.
    private int IndexOf(ushort attributeId)
    {
        for (int i = 0; i < _attributeIds.Length; i++)
        {
            if (_attributeIds[i] == attributeId)
            {
                return i;
            }
        }

        return -1;
    }

    private void Send(CborMap changes)
    {
        int length = _session.Writer.Notification(Id, Feature.EndpointId, Feature.Declaration.Id, changes);
        _session.Send(_session.Writer.Buffer, 0, length);
    }

    private void Rearm()
    {
        TimeSpan due = _lastReport + _maxInterval;
        if (_windowOpen && _windowEnd < due)
        {
            due = _windowEnd;
        }

        TimeSpan now = _scheduler.Clock.Monotonic;
        _timer.Restart(due > now ? due - now : TimeSpan.Zero);
    }
}
