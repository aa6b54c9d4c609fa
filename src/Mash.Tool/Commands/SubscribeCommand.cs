using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Mash.Controller.Transport;
using Mash.Protocol.Wire;
using Mash.Tool.Operating;

namespace Mash.Tool.Commands;

/// <summary>
/// <c>mashctl subscribe --device ID [--endpoint N] [--feature NAME] [--attribute NAME...] [--min S] [--max S] [--count N] [--json]</c>:
/// the priming values, then every report as it arrives, until Ctrl-C or N reports.
/// </summary>
/// <remarks>
/// With --json the output is JSON Lines (one object per line, flushed at once), not one document:
/// a stream that may run for hours cannot be one document, and a consumer reads it line by line.
/// </remarks>
internal static class SubscribeCommand
{
    /// <summary>[63] interval limits the device enforces (PICS MIN_INTERVAL 0..3600 s, MAX_INTERVAL 1..86400 s).</summary>
    private const double MaxMinInterval = 3600;

    private const double MaxMaxInterval = 86400;

    public static Command Create(Option<string?> stateOption)
    {
        var device = CommonOptions.Device();
        var endpoint = CommonOptions.Endpoint("Endpoint (default: the one with --feature, else 1, the load)");
        var feature = CommonOptions.Feature("Feature name or wire ID; default: every feature of the endpoint, one subscription each");
        var attributes = CommonOptions.Attributes();
        var min = new Option<double?>("--min") { Description = "Minimum interval between reports in seconds, 0 to 3600 (device default 1)", HelpName = "S" };
        var max = new Option<double?>("--max") { Description = "Maximum interval in seconds, 1 to 86400: a heartbeat comes at the latest after this (device default 60)", HelpName = "S" };
        var count = new Option<int?>("--count") { Description = "Stop after N reports (heartbeats count; the priming values do not)", HelpName = "N" };
        var json = CommonOptions.Json("Print JSON Lines: one object per line (priming, report or heartbeat), not one document, because the stream has no end");

        var command = new Command("subscribe", "Subscribe to attributes: print the current values, then each report with a timestamp, until Ctrl-C or --count reports");
        command.Options.Add(device);
        command.Options.Add(endpoint);
        command.Options.Add(feature);
        command.Options.Add(attributes);
        command.Options.Add(min);
        command.Options.Add(max);
        command.Options.Add(count);
        command.Options.Add(json);
        command.SetAction((parseResult, cancellationToken) => MashCtl.GuardAsync(
            parseResult,
            () => RunAsync(
                parseResult,
                parseResult.GetValue(stateOption),
                parseResult.GetValue(device)!,
                new Settings(parseResult.GetValue(endpoint), parseResult.GetValue(feature), parseResult.GetValue(attributes) ?? [], parseResult.GetValue(min), parseResult.GetValue(max), parseResult.GetValue(count)),
                parseResult.GetValue(json),
                cancellationToken),
            cancellationToken));
        return command;
    }

    /// <summary>The subscribe request payload: {1: [ids] unless all, 2: min ms, 3: max ms}; absent keys take the device's defaults.</summary>
    internal static CborValue Payload(FeatureSelection feature, double? minSeconds, double? maxSeconds)
    {
        var map = new CborMap(3);
        if (feature.AttributeIds.Count > 0)
        {
            map.Set(1, feature.IdArray());
        }

        if (minSeconds is double min)
        {
            map.Set(2, CborValue.FromUInt64((ulong)Math.Round(min * 1000)));
        }

        if (maxSeconds is double max)
        {
            map.Set(3, CborValue.FromUInt64((ulong)Math.Round(max * 1000)));
        }

        return CborValue.FromMap(map);
    }

    private static void Check(Settings request)
    {
        if (request.Min is double min && (double.IsNaN(min) || min < 0 || min > MaxMinInterval))
        {
            throw CommandFailedException.Usage($"--min {min.ToString(CultureInfo.InvariantCulture)} is outside 0 to {MaxMinInterval} seconds");
        }

        if (request.Max is double max && (double.IsNaN(max) || max < 1 || max > MaxMaxInterval))
        {
            throw CommandFailedException.Usage($"--max {max.ToString(CultureInfo.InvariantCulture)} is outside 1 to {MaxMaxInterval} seconds");
        }

        if (request.Min is double lower && request.Max is double upper && lower > upper)
        {
            throw CommandFailedException.Usage("--min is larger than --max");
        }

        if (request.Count is int n && n < 1)
        {
            throw CommandFailedException.Usage("--count must be at least 1");
        }
    }

    private static async Task<int> RunAsync(ParseResult parseResult, string? stateFolder, string deviceId, Settings request, bool json, CancellationToken cancellationToken)
    {
        Check(request);
        (byte endpoint, IReadOnlyList<FeatureSelection> features) = FeatureSelection.Resolve(request.Endpoint, request.Feature, request.Attributes);
        TextWriter output = parseResult.InvocationConfiguration.Output;
        TextWriter error = parseResult.InvocationConfiguration.Error;
        var printer = new ReportPrinter(output, json, endpoint, qualify: features.Count > 1);

        // Unbounded: the read loop must never wait for the console.
        var reports = Channel.CreateUnbounded<(Notification Notification, DateTimeOffset At)>(new UnboundedChannelOptions { SingleReader = true });
        await using DeviceSession session = await DeviceSession.OpenAsync(stateFolder, deviceId, cancellationToken).ConfigureAwait(false);
        session.Connection.NotificationReceived += (_, n) => reports.Writer.TryWrite((n, DateTimeOffset.UtcNow));

        var bySubscription = new Dictionary<uint, FeatureSelection>();
        try
        {
            foreach (FeatureSelection feature in features)
            {
                CborMap result = await session.RequestAsync(
                    Operation.Subscribe, endpoint, feature.Id, Payload(feature, request.Min, request.Max), $"subscribe to {feature.Label} on endpoint {endpoint}", cancellationToken).ConfigureAwait(false);
                if (!result.TryGetValue(1, out CborValue? idValue) || !idValue.TryGetUInt32(out uint subscriptionId))
                {
                    throw CommandFailedException.Device($"subscribe to {feature.Label}: the device answered without a subscription ID ({result})");
                }

                bySubscription[subscriptionId] = feature;
                error.WriteLine($"subscription {subscriptionId}: {feature.Label} on endpoint {endpoint}");
                CborMap priming = result.TryGetValue(2, out CborValue? values) && values.Kind == CborValueKind.Map ? values.AsMap() : new CborMap(0);
                printer.Print("priming", subscriptionId, feature, priming, DateTimeOffset.UtcNow);
            }

            error.WriteLine(request.Count is int total
                ? $"waiting for {total} report{(total == 1 ? string.Empty : "s")} (Ctrl-C stops)"
                : "waiting for reports (Ctrl-C stops)");
            error.Flush();
            await ReceiveAsync(session.Connection, reports.Reader, bySubscription, printer, request.Count, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C is the documented way to end a subscription: a normal end, not a failure.
        }

        await UnsubscribeAsync(session, bySubscription.Keys).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task ReceiveAsync(
        MashConnection connection,
        ChannelReader<(Notification Notification, DateTimeOffset At)> reports,
        Dictionary<uint, FeatureSelection> bySubscription,
        ReportPrinter printer,
        int? count,
        CancellationToken cancellationToken)
    {
        int received = 0;
        Task<ConnectionClosedInfo> closed = connection.Closed;
        while (count is null || received < count)
        {
            Task<bool> ready = reports.WaitToReadAsync(cancellationToken).AsTask();
            if (await Task.WhenAny(ready, closed).ConfigureAwait(false) == closed && !ready.IsCompleted)
            {
                ConnectionClosedInfo info = await closed.ConfigureAwait(false);
                throw CommandFailedException.Device(EndedBecause(info));
            }

            await ready.ConfigureAwait(false);
            while (reports.TryRead(out (Notification Notification, DateTimeOffset At) report) && (count is null || received < count))
            {
                if (!bySubscription.TryGetValue(report.Notification.SubscriptionId, out FeatureSelection? feature))
                {
                    continue;
                }

                string kind = report.Notification.Changes.Count == 0 ? "heartbeat" : "report";
                printer.Print(kind, report.Notification.SubscriptionId, feature, report.Notification.Changes, report.At);
                received++;
            }
        }
    }

    /// <summary>
    /// Why the subscription ended, in the user's terms. The device keeps one connection per zone
    /// and closes the older one with a plain close message (no reason) when another connection of
    /// the same zone arrives, which is what another mashctl command with the same state does.
    /// A device that removes the zone or shuts down also closes, but far more rarely mid-subscription.
    /// </summary>
    internal static string EndedBecause(ConnectionClosedInfo info) => info.Kind switch
    {
        ConnectionEndKind.ClosedByPeer =>
            "subscription ended: the device closed the connection, most likely because another connection of this zone (another mashctl command?) "
            + "replaced this one: the device keeps one connection per zone" + (info.Reason.StartsWith("closed by peer: ", StringComparison.Ordinal) ? " (device: " + info.Reason[16..] + ")" : string.Empty),
        ConnectionEndKind.KeepAliveTimeout => "subscription ended: the device stopped answering pings (" + info.Reason + ")",
        _ => "subscription ended: the connection to the device was lost (" + info.Reason + ")",
    };

    /// <summary>Best effort, briefly: the connection's close ends the subscriptions on the device anyway.</summary>
    private static async Task UnsubscribeAsync(DeviceSession session, IEnumerable<uint> subscriptions)
    {
        if (!session.Connection.IsOpen)
        {
            return;
        }

        using var brief = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            foreach (uint id in subscriptions)
            {
                var payload = CborValue.FromMap(new CborMap(1).Set(1, CborValue.FromUInt64(id)));
                await session.SendAsync(Operation.Subscribe, 0, 0, payload, "unsubscribe", brief.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is CommandFailedException or OperationCanceledException)
        {
        }
    }

    private sealed record Settings(byte? Endpoint, string? Feature, string[] Attributes, double? Min, double? Max, int? Count);

    /// <summary>One line per value (text) or one JSON object per report (JSON Lines), flushed at once for pipes.</summary>
    private sealed class ReportPrinter(TextWriter output, bool json, byte endpoint, bool qualify)
    {
        public void Print(string kind, uint subscriptionId, FeatureSelection feature, CborMap values, DateTimeOffset at)
        {
            string time = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            if (json)
            {
                output.WriteLine(JsonLine(kind, subscriptionId, feature, values, time));
            }
            else if (values.Count == 0)
            {
                output.WriteLine(qualify ? $"{time} {feature.Label} {kind}" : $"{time} {kind}");
            }
            else
            {
                foreach ((string name, CborValue value, string? unit, string? meaning) in feature.Order(values, includeGlobals: true))
                {
                    output.WriteLine($"{time} {(qualify ? feature.Label + "." : string.Empty)}{name} = {ValueFormat.Text(value, unit, meaning)}");
                }
            }

            output.Flush();
        }

        private string JsonLine(string kind, uint subscriptionId, FeatureSelection feature, CborMap values, string time)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("time", time);
                writer.WriteString("type", kind);
                writer.WriteNumber("subscriptionId", subscriptionId);
                writer.WriteNumber("endpoint", endpoint);
                writer.WriteString("feature", feature.Label);
                writer.WriteStartObject("values");
                foreach ((string name, CborValue value, _, _) in feature.Order(values, includeGlobals: true))
                {
                    writer.WritePropertyName(name);
                    ValueFormat.WriteJson(writer, value);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }
}
