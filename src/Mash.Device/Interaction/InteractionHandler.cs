using System;
using Mash.Device.Commissioning;
using Mash.Device.Diagnostics;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Device.Runtime;
using Mash.Device.Transport;
using Mash.Protocol.Portable;
using Mash.Protocol.Wire;

namespace Mash.Device.Interaction;

/// <summary>
/// Serves read, write, subscribe, unsubscribe and invoke on the <see cref="DeviceModel"/> for
/// every connection that acts for a zone (operational or PASE session). Every request gets
/// exactly one response whose key 3 is a map, errors included, and no error closes the
/// connection. Every request is answered for the zone its connection acts for.
/// Per-request lines are debug level (a controller may send thousands a second and the device
/// logs to a serial console or flash); warnings a peer can repeat at request rate go through
/// <see cref="RepeatedLogLine"/>. What an installer needs (relays, zones, limits in force,
/// failsafe) is logged at info by the load control and the relays.
/// </summary>
public sealed class InteractionHandler : IConnectionHandler
{
    private readonly DeviceModel _model;
    private readonly Scheduler _scheduler;
    private readonly Logger _log;
    private readonly TestEventTriggerSettings? _testEvents;
    private readonly MessageWriter _writer = new();

    // Every subscription's report is collected here and encoded at once, so one map serves all.
    private readonly CborMap _reportChanges = new(8);
    private readonly RepeatedLogLine _malformedLine;
    private readonly RepeatedLogLine _wrongTestKeyLine;
    private InteractionSession?[] _sessions = new InteractionSession?[TransportLimits.MaxConnections];

    public InteractionHandler(DeviceModel model, Scheduler scheduler, ILogSink log, TestEventTriggerSettings? testEvents = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(log);
        bool declared = model.FindFeature(SmartLoadModel.RootEndpoint, FeatureIds.DeviceInfo)?.Declaration.FindCommand(TestEventTriggers.CommandId) is not null;
        if (declared != (testEvents is not null))
        {
            throw new ArgumentException(
                "the model must declare the test event trigger command exactly when test event triggers are enabled", nameof(testEvents));
        }

        _model = model;
        _scheduler = scheduler;
        _testEvents = testEvents;
        _log = new Logger(log, "interaction");
        _malformedLine = new RepeatedLogLine(_log, LogLevel.Warn, scheduler);
        _wrongTestKeyLine = new RepeatedLogLine(_log, LogLevel.Warn, scheduler);
        model.AttributeChanged += OnAttributeChanged;
    }

    /// <summary>Subscriptions alive on all connections, for diagnostics.</summary>
    public int SubscriptionCount
    {
        get
        {
            int n = 0;
            for (int i = 0; i < _sessions.Length; i++)
            {
                InteractionSession? session = _sessions[i];
                if (session != null)
                {
                    n += session.Count;
                }
            }

            return n;
        }
    }

    public void OnOpened(DeviceConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        SessionFor(connection);
    }

    public void OnMessage(DeviceConnection connection, byte[] buffer, int offset, int count, MessageKind kind)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (kind != MessageKind.Request)
        {
            // The device sends no requests, so responses and notifications from a peer answer nothing.
            if (_log.IsEnabled(LogLevel.Debug))
            {
                _log.Debug($"#{connection.Id} ignoring a {kind} message");
            }

            return;
        }

        InteractionSession session = SessionFor(connection);
        Request request;
        try
        {
            request = MessageCodec.DecodeRequest(buffer, offset, count);
        }
        catch (WireFormatException ex)
        {
            if (_malformedLine.ShouldWrite())
            {
                _malformedLine.Write($"#{connection.Id} malformed request: {ex.Message}");
            }

            int errorLength = _writer.Encode(Response.Error(ex.MessageId, StatusCode.InvalidParameter, "malformed request: " + ex.Message));
            session.Send(_writer.Buffer, 0, errorLength);
            return;
        }

        Response response;
        try
        {
            response = Handle(session, request);
        }
        catch (WireFormatException ex)
        {
            // A payload value of an unexpected kind that a check above missed: still a bad request,
            // never a reason to leave the controller waiting.
            response = Response.Error(request.MessageId, StatusCode.InvalidParameter, ex.Message);
        }

        if (response.Status != StatusCode.Success && _log.IsEnabled(LogLevel.Debug))
        {
            _log.Debug($"#{connection.Id} {request.Operation} ep {request.EndpointId} feature {request.FeatureId} for {session.Requester}: {response.Status}");
        }

        int length = _writer.Encode(response);
        session.Send(_writer.Buffer, 0, length);
    }

    public void OnClosed(DeviceConnection connection, CloseReason reason)
    {
        ArgumentNullException.ThrowIfNull(connection);
        for (int i = 0; i < _sessions.Length; i++)
        {
            if (_sessions[i] is { } session && ReferenceEquals(session.Connection, connection))
            {
                session.Close();
                _sessions[i] = null;
            }
        }

        if (connection.Session is SessionContext context && context.Interaction is InteractionSession)
        {
            context.Interaction = null;
        }
    }

    private static Response Error(Request request, StatusCode status, string message) => Response.Error(request.MessageId, status, message);

    private InteractionSession SessionFor(DeviceConnection connection)
    {
        for (int i = 0; i < _sessions.Length; i++)
        {
            if (_sessions[i] is { } existing && ReferenceEquals(existing.Connection, connection))
            {
                return existing;
            }
        }

        var session = new InteractionSession(connection, _writer, _reportChanges);
        int slot = FreeSlot();
        if (slot < 0)
        {
            // More connections than the transport's default cap: the connection manager was
            // built with a larger capacity, so follow it.
            slot = _sessions.Length;
            var larger = new InteractionSession?[_sessions.Length * 2];
            Array.Copy(_sessions, larger, _sessions.Length);
            _sessions = larger;
        }

        _sessions[slot] = session;
        if (connection.Session is SessionContext context)
        {
            context.Interaction = session;
        }

        return session;
    }

    private int FreeSlot()
    {
        for (int i = 0; i < _sessions.Length; i++)
        {
            if (_sessions[i] is null)
            {
                return i;
            }
        }

        return -1;
    }

    private Response Handle(InteractionSession session, Request request)
    {
        if (!_model.HasEndpoint(request.EndpointId))
        {
            return Error(request, StatusCode.InvalidEndpoint, "no endpoint " + request.EndpointId);
        }

        if (request.FeatureId == 0)
        {
            return request.Operation == Operation.Subscribe && request.EndpointId == 0
                ? Unsubscribe(session, request)
                : Error(request, StatusCode.InvalidFeature, "feature 0 only addresses unsubscribe (subscribe to endpoint 0, feature 0)");
        }

        Feature? feature = _model.FindFeature(request.EndpointId, request.FeatureId);
        if (feature is null)
        {
            return Error(request, StatusCode.InvalidFeature, "no feature " + request.FeatureId + " on endpoint " + request.EndpointId);
        }

        return request.Operation switch
        {
            Operation.Read => Read(session, request, feature),
            Operation.Write => Write(session, request, feature),
            Operation.Subscribe => Subscribe(session, request, feature),
            _ => Invoke(session, request, feature),
        };
    }

    private static Response Read(InteractionSession session, Request request, Feature feature)
    {
        CborValue? ids = request.Payload;
        if (ids is not null && ids.Kind == CborValueKind.Map)
        {
            // {1: [ids]}, the subscribe shape, which some clients use for reads too.
            ids = ids.AsMap().TryGetValue(1, out CborValue? inner) ? inner : null;
        }

        StatusCode status = PayloadReader.TryReadIdList(ids, out int[]? list, out string? problem);
        if (status != StatusCode.Success)
        {
            return Error(request, status, problem!);
        }

        Requester requester = session.Requester;
        FeatureDeclaration declared = feature.Declaration;
        CborMap values;
        ushort[] all = declared.AttributeIdTable;
        if (list is null)
        {
            values = new CborMap(all.Length);
            for (int i = 0; i < all.Length; i++)
            {
                values.Set(all[i], feature.Read(all[i], requester));
            }
        }
        else
        {
            values = new CborMap(Maths.Min(list.Length, all.Length));
            for (int i = 0; i < list.Length; i++)
            {
                // Unknown IDs in a list that names known ones too are skipped: most attributes are
                // optional, so a controller asking for [1, 2, 3] gets what this device has (the
                // reference device's behaviour; docs/interaction-model.md "Reading unknown attributes").
                if (list[i] >= 0 && declared.FindAttribute((ushort)list[i]) is not null)
                {
                    values.Set(list[i], feature.Read((ushort)list[i], requester));
                }
            }

            if (values.Count == 0)
            {
                // Nothing asked for exists: INVALID_ATTRIBUTE (interaction-model.md 8.1), not an
                // empty success that reads like "the attribute has no value".
                return Error(request, StatusCode.InvalidAttribute, DescribeMissing(declared, list));
            }
        }

        return new Response(request.MessageId, StatusCode.Success, values);
    }

    private static string DescribeMissing(FeatureDeclaration declared, int[] list) =>
        list.Length == 1 && list[0] >= 0
            ? declared.Name + " has no attribute " + list[0]
            : declared.Name + " has none of the attributes asked for";

    private Response Write(InteractionSession session, Request request, Feature feature)
    {
        if (request.Payload is not { Kind: CborValueKind.Map })
        {
            return Error(request, StatusCode.InvalidParameter, "write needs a map {attributeId: value}");
        }

        CborMap writes = request.Payload.AsMap();
        Requester requester = session.Requester;
        var targets = new AttributeDeclaration[writes.Count];

        // Check everything first: a write that fails anywhere changes nothing.
        for (int i = 0; i < writes.Count; i++)
        {
            if (!writes.GetKey(i).TryGetUInt64(out ulong id))
            {
                return Error(request, StatusCode.InvalidParameter, "attribute keys must be unsigned integers, not " + writes.GetKey(i));
            }

            if (id >= AttributeDeclaration.FirstGlobalId && id <= ushort.MaxValue)
            {
                return Error(request, StatusCode.ReadOnly, "global attribute " + id + " is read-only");
            }

            AttributeDeclaration? attribute = id > ushort.MaxValue ? null : feature.Declaration.FindAttribute((ushort)id);
            if (attribute is null)
            {
                return Error(request, StatusCode.InvalidAttribute, feature.Declaration.Name + " has no attribute " + id);
            }

            if (!attribute.Writable)
            {
                return Error(request, StatusCode.ReadOnly, attribute.Name + " is read-only");
            }

            CborValue value = writes.GetValue(i);
            StatusCode status = attribute.Check(value, out string? problem);
            if (status == StatusCode.Success)
            {
                status = feature.CheckWrite(attribute, value, requester, out problem);
            }

            if (status != StatusCode.Success)
            {
                return Error(request, status, problem ?? attribute.Name + " refused");
            }

            targets[i] = attribute;
        }

        for (int i = 0; i < targets.Length; i++)
        {
            StatusCode status = feature.WriteAttribute(targets[i], writes.GetValue(i), requester, out string? problem);
            if (status != StatusCode.Success)
            {
                _log.Error($"{feature.Declaration.Name}.{targets[i].Name} refused a checked write: {problem}");
                return Error(request, status, problem ?? targets[i].Name + " refused");
            }

            if (_log.IsEnabled(LogLevel.Debug))
            {
                _log.Debug($"{requester} wrote {feature.Declaration.Name}.{targets[i].Name} = {writes.GetValue(i)}");
            }

        }

        var result = new CborMap(targets.Length);
        for (int i = 0; i < targets.Length; i++)
        {
            result.Set(targets[i].Id, feature.Read(targets[i].Id, requester));
        }

        return new Response(request.MessageId, StatusCode.Success, result);
    }

    private Response Subscribe(InteractionSession session, Request request, Feature feature)
    {
        CborMap options;
        if (request.Payload is null || request.Payload.IsNull)
        {
            options = new CborMap(0);
        }
        else if (request.Payload.Kind == CborValueKind.Map)
        {
            options = request.Payload.AsMap();
        }
        else
        {
            return Error(request, StatusCode.InvalidParameter, "subscribe needs a map {1: [attributeIds], 2: minInterval ms, 3: maxInterval ms}");
        }

        options.TryGetValue(1, out CborValue? idValue);
        StatusCode status = PayloadReader.TryReadIdList(idValue, out int[]? requested, out string? problem);
        if (status != StatusCode.Success)
        {
            return Error(request, status, problem!);
        }

        status = PayloadReader.TryReadInterval(
            options, 2, "minInterval", SubscriptionLimits.MinIntervalMinSeconds * 1000L, SubscriptionLimits.MinIntervalMaxSeconds * 1000L, out long minMs, out problem);
        if (status == StatusCode.Success)
        {
            status = PayloadReader.TryReadInterval(
                options, 3, "maxInterval", SubscriptionLimits.MaxIntervalMinSeconds * 1000L, SubscriptionLimits.MaxIntervalMaxSeconds * 1000L, out long maxMsGiven, out problem);
            if (status == StatusCode.Success)
            {
                long min = minMs != PayloadReader.NotGiven ? minMs : SubscriptionLimits.DefaultMinIntervalSeconds * 1000L;
                long max = maxMsGiven != PayloadReader.NotGiven ? maxMsGiven : Maths.Max(SubscriptionLimits.DefaultMaxIntervalSeconds * 1000L, min);
                if (min > max)
                {
                    return Error(request, StatusCode.ConstraintError, "minInterval " + min + " ms is longer than maxInterval " + max + " ms");
                }

                return CreateSubscription(session, request, feature, requested, TimeSpan.FromMilliseconds(min), TimeSpan.FromMilliseconds(max));
            }
        }

        return Error(request, status, problem!);
    }

    private Response CreateSubscription(InteractionSession session, Request request, Feature feature, int[]? requested, TimeSpan min, TimeSpan max)
    {
        FeatureDeclaration declared = feature.Declaration;
        if (requested is not null && requested.Length > SubscriptionLimits.MaxAttributesPerSubscription)
        {
            // Counted as asked, before unknown and repeated IDs are dropped: the limit bounds
            // what a request may make the device hold, whatever it turns out to name.
            return Error(request, StatusCode.ResourceExhausted, "at most " + SubscriptionLimits.MaxAttributesPerSubscription + " attributes per subscription");
        }

        ushort[] ids;
        if (requested is null)
        {
            // "All" is the feature's own attributes: the globals never change, and reading them is one Read away.
            AttributeDeclaration[] attributes = declared.AttributeTable;
            ids = new ushort[attributes.Length];
            for (int i = 0; i < ids.Length; i++)
            {
                ids[i] = attributes[i].Id;
            }
        }
        else
        {
            var unique = new ushort[requested.Length];
            int count = 0;
            for (int i = 0; i < requested.Length; i++)
            {
                // Unknown IDs are skipped as in a read (mash-go clients ask for lists such as
                // Measurement [1, 2]); the priming report shows what the subscription covers.
                if (requested[i] >= 0
                    && declared.FindAttribute((ushort)requested[i]) is not null
                    && !Contains(unique, count, (ushort)requested[i]))
                {
                    unique[count++] = (ushort)requested[i];
                }
            }

            if (count == 0)
            {
                // Nothing of the list exists: refuse rather than leave the controller waiting for
                // reports that can never come.
                return Error(request, StatusCode.InvalidAttribute, declared.Name + " has none of the attributes asked for");
            }

            ids = new ushort[count];
            Array.Copy(unique, ids, count);
        }

        if (session.IsFull)
        {
            return Error(request, StatusCode.ResourceExhausted, "at most " + SubscriptionLimits.MaxSubscriptions + " subscriptions per connection");
        }

        var subscription = new Subscription(session, _scheduler, session.TakeSubscriptionId(), feature, ids, min, max);
        session.Add(subscription);
        if (_log.IsEnabled(LogLevel.Debug))
        {
            _log.Debug($"#{session.Connection.Id} {session.Requester} subscription {subscription.Id}: {declared.Name} on endpoint {feature.EndpointId}, {ids.Length} attributes, min {min.TotalMilliseconds} ms, max {max.TotalMilliseconds} ms");
        }

        var result = new CborMap(2)
            .Set(1, CborValue.FromUInt64(subscription.Id))
            .Set(2, CborValue.FromMap(subscription.PrimingReport()));
        return new Response(request.MessageId, StatusCode.Success, result);
    }

    private static bool Contains(ushort[] ids, int count, ushort id)
    {
        for (int i = 0; i < count; i++)
        {
            if (ids[i] == id)
            {
                return true;
            }
        }

        return false;
    }

    private Response Unsubscribe(InteractionSession session, Request request)
    {
        if (request.Payload is not { Kind: CborValueKind.Map }
            || !request.Payload.AsMap().TryGetValue(1, out CborValue? idValue)
            || !idValue.TryGetUInt32(out uint id))
        {
            return Error(request, StatusCode.InvalidParameter, "unsubscribe needs {1: subscriptionId}");
        }

        if (!session.Remove(id))
        {
            return Error(request, StatusCode.InvalidParameter, "no subscription " + id + " on this connection");
        }

        if (_log.IsEnabled(LogLevel.Debug))
        {
            _log.Debug($"#{session.Connection.Id} {session.Requester} ended subscription {id}");
        }

        return new Response(request.MessageId, StatusCode.Success);
    }

    private Response Invoke(InteractionSession session, Request request, Feature feature)
    {
        if (request.Payload is not { Kind: CborValueKind.Map }
            || !request.Payload.AsMap().TryGetValue(1, out CborValue? commandValue)
            || !commandValue.TryGetUInt64(out ulong commandId))
        {
            return Error(request, StatusCode.InvalidParameter, "invoke needs {1: commandId, 2: parameters}");
        }

        request.Payload.AsMap().TryGetValue(2, out CborValue? parameters);
        if (commandId == TestEventTriggers.CommandId && feature.Declaration.Id == FeatureIds.DeviceInfo && _testEvents is null)
        {
            return Error(request, StatusCode.Unsupported, "test event triggers are not enabled on this device");
        }

        CommandDeclaration? command = commandId > byte.MaxValue ? null : feature.Declaration.FindCommand((byte)commandId);
        if (command is null)
        {
            return Error(request, StatusCode.InvalidCommand, feature.Declaration.Name + " has no command " + commandId);
        }

        StatusCode status = CommandArguments.TryParse(command, parameters, out CommandArguments? arguments, out string? problem);
        if (status != StatusCode.Success)
        {
            return Error(request, status, problem!);
        }

        Requester requester = session.Requester;
        InvokeResult result = command.Id == TestEventTriggers.CommandId && feature.Declaration.Id == FeatureIds.DeviceInfo
            ? TestEventTrigger(session, arguments!)
            : feature.Invoke(command, arguments!, requester);
        if (!result.IsSuccess)
        {
            return Error(request, result.Status, result.Message ?? command.Name + " failed");
        }

        if (_log.IsEnabled(LogLevel.Debug))
        {
            _log.Debug($"{requester} invoked {feature.Declaration.Name}.{command.Name}");
        }

        return new Response(request.MessageId, StatusCode.Success, result.Result);
    }

    private InvokeResult TestEventTrigger(InteractionSession session, CommandArguments arguments)
    {
        TestEventTriggerSettings settings = _testEvents!;
        if (!settings.KeyMatches(arguments.Get("enableKey")!.AsBytes()))
        {
            if (_wrongTestKeyLine.ShouldWrite())
            {
                _wrongTestKeyLine.Write($"#{session.Connection.Id} test event trigger with a wrong enable key");
            }

            return InvokeResult.Failure(StatusCode.NotAuthorized, "wrong test enable key");
        }

        arguments.TryGetUInt64("trigger", out ulong trigger); // required, so present
        ulong argument = trigger & TestEventTriggers.ArgumentMask;
        TimeSpan seconds = TimeSpan.FromSeconds((long)(argument == 0 ? TestEventTriggers.DefaultSeconds : argument));
        _log.Warn($"#{session.Connection.Id} {session.Requester} test event trigger 0x{trigger:x16}");
        ulong code = trigger & TestEventTriggers.CodeMask;
        if (code == TestEventTriggers.SimulateConnectionLoss)
        {
            DeviceConnection connection = session.Connection;
            _scheduler.After(TimeSpan.FromMilliseconds(TestEventTriggers.ConnectionLossDelayMilliseconds), () => connection.Abort(CloseReason.ConnectionLost));
            return InvokeResult.Success(new CborMap(0));
        }

        if (code is not (TestEventTriggers.ShortenFailsafe or TestEventTriggers.ShortenDurations or TestEventTriggers.RestoreTimers))
        {
            return InvokeResult.Failure(StatusCode.InvalidParameter, "unknown test event trigger 0x" + trigger.ToString("x16"));
        }

        if (settings.Timers is not { } timers)
        {
            return InvokeResult.Failure(StatusCode.Unsupported, "no timers to act on");
        }

        ControlResult outcome = code == TestEventTriggers.ShortenFailsafe ? timers.ShortenFailsafe(seconds)
            : code == TestEventTriggers.ShortenDurations ? timers.ShortenDurations(seconds)
            : timers.RestoreTimers();
        return outcome.IsSuccess
            ? InvokeResult.Success(new CborMap(0))
            : InvokeResult.Failure(outcome.Status, outcome.Message ?? "trigger refused");
    }

    private void OnAttributeChanged(Feature feature, ushort attributeId)
    {
        for (int i = 0; i < _sessions.Length; i++)
        {
            _sessions[i]?.OnAttributeChanged(feature, attributeId);
        }
    }
}
