using System;
using Mash.Device.Commissioning;
using Mash.Device.Model;
using Mash.Device.Transport;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Device.Interaction;

/// <summary>
/// The interaction layer's state for one connection (kept in <see cref="SessionContext.Interaction"/>):
/// its subscriptions, in a fixed number of slots, and the next subscription ID.
/// </summary>
internal sealed class InteractionSession
{
    private readonly Subscription?[] _subscriptions = new Subscription?[SubscriptionLimits.MaxSubscriptions];
    private uint _nextSubscriptionId = 1;

    public InteractionSession(DeviceConnection connection, MessageWriter writer, CborMap reportChanges)
    {
        Connection = connection;
        Writer = writer;
        ReportChanges = reportChanges;
    }

    public DeviceConnection Connection { get; }

    /// <summary>The handler's encoder, shared by every session: all of them run on the scheduler thread.</summary>
    public MessageWriter Writer { get; }

    /// <summary>
    /// The handler's scratch map for a subscription report, shared like <see cref="Writer"/>: a
    /// report is collected and encoded in one go, so no subscription keeps a map of its own.
    /// </summary>
    public CborMap ReportChanges { get; }

    public bool Closed { get; private set; }

    /// <summary>
    /// The zone the connection acts for, read on every use: a PASE session may become an
    /// operational zone session on the same connection.
    /// </summary>
    public Requester Requester => Connection.Session is SessionContext context
        ? new Requester(context.ZoneId, context.ZoneType)
        : new Requester(null, ZoneType.HomeManager);

    public int Count
    {
        get
        {
            int n = 0;
            for (int i = 0; i < _subscriptions.Length; i++)
            {
                if (_subscriptions[i] is not null)
                {
                    n++;
                }
            }

            return n;
        }
    }

    public bool IsFull => FreeSlot() < 0;

    /// <summary>IDs count up from 1 per connection and are never reused while it lasts (0 marks no subscription).</summary>
    public uint TakeSubscriptionId()
    {
        uint id = _nextSubscriptionId;
        _nextSubscriptionId = _nextSubscriptionId == uint.MaxValue ? 1 : _nextSubscriptionId + 1;
        return id;
    }

    public void Add(Subscription subscription)
    {
        int slot = FreeSlot();
        if (slot < 0)
        {
            throw new InvalidOperationException("no free subscription slot; check IsFull first");
        }

        _subscriptions[slot] = subscription;
    }

    public bool Remove(uint subscriptionId)
    {
        for (int i = 0; i < _subscriptions.Length; i++)
        {
            if (_subscriptions[i] is { } s && s.Id == subscriptionId)
            {
                s.End();
                _subscriptions[i] = null;
                return true;
            }
        }

        return false;
    }

    public void OnAttributeChanged(Feature feature, ushort attributeId)
    {
        for (int i = 0; i < _subscriptions.Length; i++)
        {
            if (_subscriptions[i] is { } s && ReferenceEquals(s.Feature, feature))
            {
                s.OnAttributeChanged(attributeId);
            }
        }
    }

    public void Send(byte[] buffer, int offset, int count)
    {
        if (!Closed)
        {
            Connection.Send(buffer, offset, count);
        }
    }

    private int FreeSlot()
    {
        for (int i = 0; i < _subscriptions.Length; i++)
        {
            if (_subscriptions[i] is null)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The connection is gone: every subscription ends with it, none is kept for a reconnect.</summary>
    public void Close()
    {
        Closed = true;
        for (int i = 0; i < _subscriptions.Length; i++)
        {
            _subscriptions[i]?.End();
            _subscriptions[i] = null;
        }
    }
}
