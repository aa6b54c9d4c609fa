using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using Mash.Protocol.Wire;

namespace Mash.Controller.Conformance;

/// <summary>Read, write, subscribe, invoke and the notification steps.</summary>
internal sealed partial class CaseRun
{
    /// <summary>An unknown request key (the spec's forward-compatibility rule says ignore it) that carries the padding.</summary>
    private const long PaddingKey = 99;

    private async Task ReadAsync(ConformanceStep s)
    {
        CborValue? ids = s.Attributes is { Count: > 0 } ? AttributeArray(s.Attributes) : null;
        Response response;
        if (s.PadTo is null)
        {
            response = await RequestAsync(s, Operation.Read, ids).ConfigureAwait(false);
        }
        else
        {
            int size = Int(s.PadTo);
            ProbeConnection c = Connection(s);
            uint id = NextMessageId(c.Name);
            byte[] payload = PaddedRead(id, (byte)Int(s.Endpoint!), (byte)Int(s.Feature!), ids, size);
            Note($"read of {payload.Length} bytes (padded with unknown key {PaddingKey})");
            await c.SendFrameAsync(payload, _cancel).ConfigureAwait(false);
            response = await AwaitResponseAsync(c, id, SecondsOr(s.Within, Options.StepTimeout)).ConfigureAwait(false);
        }

        CheckStatus(s, response);
        CheckValues("read", s.Values, response.Payload);
    }

    private async Task WriteAsync(ConformanceStep s)
    {
        var map = new CborMap();
        foreach (KeyValuePair<string, string?> pair in s.Values!)
        {
            map.Set(long.Parse(Substitute(pair.Key), NumberStyles.Integer, CultureInfo.InvariantCulture), Value(pair.Value));
        }

        Response response = await RequestAsync(s, Operation.Write, CborValue.FromMap(map)).ConfigureAwait(false);
        CheckStatus(s, response);
    }

    private async Task SubscribeAsync(ConformanceStep s)
    {
        var map = new CborMap();
        if (s.Attributes is { Count: > 0 })
        {
            map.Set(1, AttributeArray(s.Attributes));
        }

        if (s.MinIntervalMs is not null)
        {
            map.Set(2, CborValue.FromUInt64((ulong)Int(s.MinIntervalMs)));
        }

        if (s.MaxIntervalMs is not null)
        {
            map.Set(3, CborValue.FromUInt64((ulong)Int(s.MaxIntervalMs)));
        }

        Response response = await RequestAsync(s, Operation.Subscribe, CborValue.FromMap(map)).ConfigureAwait(false);
        CheckStatus(s, response);
        if (response.Status != StatusCode.Success)
        {
            return;
        }

        if (!response.Payload.TryGetValue(1, out CborValue? subscriptionId) || !subscriptionId.TryGetUInt32(out uint sub))
        {
            throw new StepFailedException($"the Subscribe response carries no subscription ID at key 1: {response.Payload}");
        }

        if (s.Save is not null)
        {
            _variables[s.Save] = sub.ToString(CultureInfo.InvariantCulture);
        }

        if (s.Values is not null)
        {
            CborMap priming = response.Payload.TryGetValue(2, out CborValue? p) && p.Kind == CborValueKind.Map
                ? p.AsMap()
                : throw new StepFailedException($"the Subscribe response carries no priming values at key 2: {response.Payload}");
            CheckValues("priming", s.Values, priming);
        }

        Note($"subscription {sub}");
    }

    private async Task UnsubscribeAsync(ConformanceStep s)
    {
        ProbeConnection c = Connection(s);
        uint id = NextMessageId(c.Name);
        var payload = new CborMap().Set(1, CborValue.FromUInt64((ulong)Int(s.Subscription!)));
        await c.SendFrameAsync(MessageCodec.Encode(new Request(id, Operation.Subscribe, 0, 0, CborValue.FromMap(payload))), _cancel).ConfigureAwait(false);
        Response response = await AwaitResponseAsync(c, id, SecondsOr(s.Within, Options.StepTimeout)).ConfigureAwait(false);
        CheckStatus(s, response);
    }

    private async Task InvokeAsync(ConformanceStep s)
    {
        Response response = await InvokeRawAsync(s, Connection(s), (byte)Int(s.Endpoint!), (byte)Int(s.Feature!), (byte)Int(s.Command!), Parameters(s.Params)).ConfigureAwait(false);
        CheckStatus(s, response);
        CheckValues("result", s.Result, response.Payload);
    }

    private async Task<Response> InvokeRawAsync(ConformanceStep s, ProbeConnection c, byte endpoint, byte feature, byte command, CborValue parameters)
    {
        var invoke = new CborMap().Set(1, CborValue.FromUInt64(command)).Set(2, parameters);
        uint id = NextMessageId(c.Name);
        await c.SendFrameAsync(MessageCodec.Encode(new Request(id, Operation.Invoke, endpoint, feature, CborValue.FromMap(invoke))), _cancel).ConfigureAwait(false);
        return await AwaitResponseAsync(c, id, SecondsOr(s.Within, Options.StepTimeout)).ConfigureAwait(false);
    }

    private CborValue Parameters(Dictionary<string, string?>? parameters)
    {
        if (parameters is null)
        {
            return CborValue.Null;
        }

        var map = new CborMap();
        foreach (KeyValuePair<string, string?> pair in parameters)
        {
            map.Set(pair.Key, Value(pair.Value));
        }

        return CborValue.FromMap(map);
    }

    private async Task ExpectResponseAsync(ConformanceStep s)
    {
        ProbeConnection c = Connection(s);
        TimeSpan within = SecondsOr(s.Within, Options.StepTimeout);
        ReceivedFrame? frame = await c.TakeAsync(f => f.Kind == MessageKind.Response, within, _cancel).ConfigureAwait(false);
        if (frame is null)
        {
            throw new StepFailedException($"no response within {within.TotalSeconds:F1} s{(c.Ended is null ? string.Empty : "; the connection ended: " + c.Ended)}");
        }

        Response response = MessageCodec.DecodeResponse(frame.Payload.ToArray());
        if (s.MessageId is not null && response.MessageId != (uint)Int(s.MessageId))
        {
            throw new StepFailedException($"response for message {response.MessageId}, expected {s.MessageId}");
        }

        CheckStatus(s, response);
    }

    private async Task ExpectNotificationAsync(ConformanceStep s)
    {
        ProbeConnection c = Connection(s);
        double start = c.LastTaken;
        TimeSpan within = Seconds(s.Within!) - TimeSpan.FromSeconds(c.Now - start);
        uint? sub = s.Subscription is null ? null : (uint)Int(s.Subscription);
        ReceivedFrame? frame = await c.TakeAsync(f => f.Kind == MessageKind.Notification && (sub is null || MessageCodec.DecodeNotification(f.Payload.ToArray()).SubscriptionId == sub), within, _cancel).ConfigureAwait(false);
        if (frame is null)
        {
            throw new StepFailedException($"no notification{(sub is null ? string.Empty : " for subscription " + sub)} within {s.Within} s of the previous frame{(c.Ended is null ? string.Empty : "; the connection ended: " + c.Ended)}");
        }

        Notification n = MessageCodec.DecodeNotification(frame.Payload.ToArray());
        double after = frame.At - start;
        if (s.NotBefore is not null && after < (double)Number(s.NotBefore))
        {
            throw new StepFailedException($"notification {n.Changes} came after {after:F2} s, earlier than {s.NotBefore} s");
        }

        if (s.Empty == true && n.Changes.Count != 0)
        {
            throw new StepFailedException($"expected a heartbeat without values, got {n.Changes}");
        }

        CheckValues("notification", s.Values, n.Changes);
        Note($"notification for subscription {n.SubscriptionId} after {after:F2} s: {n.Changes}");
    }

    private async Task ExpectNoNotificationAsync(ConformanceStep s)
    {
        ProbeConnection c = Connection(s);
        TimeSpan span = Seconds(s.For!);
        ReceivedFrame? frame = await c.TakeAsync(f => f.Kind == MessageKind.Notification, span, _cancel).ConfigureAwait(false);
        if (frame is not null)
        {
            throw new StepFailedException($"unexpected notification {MessageCodec.DecodeNotification(frame.Payload.ToArray()).Changes}");
        }

        Note($"no notification for {span.TotalSeconds:F1} s");
    }

    private async Task<Response> RequestAsync(ConformanceStep s, Operation operation, CborValue? payload)
    {
        ProbeConnection c = Connection(s);
        uint id = NextMessageId(c.Name);
        await c.SendFrameAsync(MessageCodec.Encode(new Request(id, operation, (byte)Int(s.Endpoint!), (byte)Int(s.Feature!), payload)), _cancel).ConfigureAwait(false);
        return await AwaitResponseAsync(c, id, SecondsOr(s.Within, Options.StepTimeout)).ConfigureAwait(false);
    }

    private async Task<Response> AwaitResponseAsync(ProbeConnection c, uint id, TimeSpan within)
    {
        ReceivedFrame? frame = await c.TakeAsync(f => f.Kind == MessageKind.Response && ResponseId(f) == id, within, _cancel).ConfigureAwait(false);
        if (frame is null)
        {
            throw new StepFailedException($"no response to message {id} within {within.TotalSeconds:F1} s{(c.Ended is null ? string.Empty : "; the connection ended: " + c.Ended)}");
        }

        return MessageCodec.DecodeResponse(frame.Payload.ToArray());
    }

    private static uint? ResponseId(ReceivedFrame frame)
    {
        try
        {
            return MessageCodec.DecodeResponse(frame.Payload.ToArray()).MessageId;
        }
        catch (WireFormatException)
        {
            return null;
        }
    }

    private void CheckStatus(ConformanceStep s, Response response)
    {
        List<StatusCode> accepted = Statuses(s.Status);
        string text = response.Payload.TryGetValue(1, out CborValue? message) && message.Kind == CborValueKind.Text ? message.AsText() : string.Empty;
        if (!accepted.Contains(response.Status))
        {
            throw new StepFailedException(
                $"status {StatusName(response.Status)}{(text.Length > 0 ? " \"" + text + "\"" : string.Empty)}, expected {string.Join(" or ", Names(accepted))}");
        }

        if (s.Text is not null && !text.Contains(Substitute(s.Text), StringComparison.OrdinalIgnoreCase))
        {
            throw new StepFailedException($"error text \"{text}\" does not contain \"{s.Text}\"");
        }

        Note($"{StatusName(response.Status)}{(text.Length > 0 && response.Status != StatusCode.Success ? " \"" + text + "\"" : string.Empty)}");
    }

    private static List<string> Names(List<StatusCode> statuses)
    {
        var names = new List<string>(statuses.Count);
        foreach (StatusCode status in statuses)
        {
            names.Add(StatusName(status));
        }

        return names;
    }

    private CborValue AttributeArray(List<string> attributes)
    {
        var items = new CborValue[attributes.Count];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = CborValue.FromUInt64((ulong)Int(attributes[i]));
        }

        return CborValue.FromArray(items);
    }

    /// <summary>A Read request of exactly <paramref name="size"/> bytes: the unknown key 99 carries a byte string that fills it up.</summary>
    private static byte[] PaddedRead(uint id, byte endpoint, byte feature, CborValue? ids, int size)
    {
        CborMap Build(int padding) => new CborMap()
            .Set(1, CborValue.FromUInt64(id))
            .Set(2, CborValue.FromUInt64((ulong)Operation.Read))
            .Set(3, CborValue.FromUInt64(endpoint))
            .Set(4, CborValue.FromUInt64(feature))
            .Set(5, ids ?? CborValue.Null)
            .Set(PaddingKey, CborValue.FromBytes(new byte[padding]));

        int padding = Math.Max(0, size - CborValue.FromMap(Build(0)).Encode().Length);
        for (int attempt = 0; attempt < 8; attempt++)
        {
            byte[] encoded = CborValue.FromMap(Build(padding)).Encode();
            if (encoded.Length == size)
            {
                return encoded;
            }

            padding += size - encoded.Length;
            if (padding < 0)
            {
                break;
            }
        }

        throw new FormatException($"cannot build a request of exactly {size} bytes");
    }
}
