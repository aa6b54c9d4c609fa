using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using Mash.Controller.Commissioning;
using Mash.Protocol.Commissioning;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Controller.Conformance;

/// <summary>Commissioning, the commissioning window, zone commands and the lab test triggers.</summary>
internal sealed partial class CaseRun
{
    /// <summary>DeviceInfo on the root endpoint, where this firmware serves the zone commands and the test trigger.</summary>
    private const byte RootEndpoint = 0;
    private const byte DeviceInfoFeature = 1;

    // This firmware's DeviceInfo commands: [63] names RemoveZone/ListZones (zone-lifecycle.md 5)
    // but defines no message for them or for opening the window.
    private const byte RemoveZoneCommand = 0x10;
    private const byte ListZonesCommand = 0x11;
    private const byte OpenWindowCommand = 0x12;
    private const byte TestEventTriggerCommand = 0xF0;
    private const string ExtraZones = "extras";

    /// <summary>The named zone, commissioned first if the run has none of that name yet.</summary>
    private async Task<ZoneHandle> ZoneAsync(string? name)
    {
        string zone = name ?? DeviceSession.MainZone;
        if ((_session.Find(zone) ?? _session.FindRemoved(zone)) is { } known)
        {
            return known;
        }

        if (!_session.WindowOpen)
        {
            await OpenWindowAsync(new ConformanceStep { Do = StepActions.OpenWindow }).ConfigureAwait(false);
        }

        ZoneType type = zone == DeviceSession.MainZone ? ZoneType.GridOperator : ZoneType.UserApp;
        CommissioningException? failed = await _session.CommissionAsync(zone, type, wrongCode: false, retryBackoff: true, Note, _cancel).ConfigureAwait(false);
        return failed is null
            ? _session.Find(zone)!
            : throw new StepFailedException($"zone {zone} is needed but commissioning failed: {failed.Message}", failed);
    }

    private async Task CommissionAsync(ConformanceStep s)
    {
        string zone = s.Zone ?? DeviceSession.MainZone;
        ZoneType type = zone == DeviceSession.MainZone ? ZoneType.GridOperator : ZoneType.UserApp;
        if (s.ZoneType is not null && !ZoneTypes.TryParse(s.ZoneType, out type))
        {
            throw new FormatException($"zone type \"{s.ZoneType}\"");
        }

        bool wrong = s.Code switch
        {
            null or "right" => false,
            "wrong" => true,
            _ => throw new FormatException($"code \"{s.Code}\" is neither right nor wrong"),
        };
        string expect = s.Expect ?? ExpectOk;
        CommissioningException? failed = await _session.CommissionAsync(zone, type, wrong, retryBackoff: expect == ExpectOk, Note, _cancel).ConfigureAwait(false);
        if (expect == ExpectOk)
        {
            if (failed is not null)
            {
                throw new StepFailedException($"commissioning as {zone} failed: {failed.Message}", failed);
            }

            return;
        }

        CommissioningErrorCode want = Enum.TryParse(expect.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out CommissioningErrorCode named)
            ? named
            : throw new FormatException($"unknown commissioning error \"{expect}\"");
        if (failed is null)
        {
            throw new StepFailedException($"commissioning as {zone} succeeded; expected the device to refuse with {want}");
        }

        if (failed.ErrorCode != want)
        {
            throw new StepFailedException($"commissioning failed with {failed.ErrorCode?.ToString() ?? "no error code"} ({failed.Message}); expected {want}");
        }

        if (s.Text is not null && !(failed.DeviceText ?? string.Empty).Contains(Substitute(s.Text), StringComparison.OrdinalIgnoreCase))
        {
            throw new StepFailedException($"the device's text \"{failed.DeviceText}\" does not contain \"{s.Text}\"");
        }

        Note($"refused as expected at {failed.Step}: {want} (\"{failed.DeviceText ?? failed.Message}\")");
    }

    /// <summary>
    /// Opens the commissioning window: the lab's command if one was given, else this firmware's
    /// openCommissioningWindow command from a commissioned zone. A device that offers neither
    /// skips the case.
    /// </summary>
    private async Task OpenWindowAsync(ConformanceStep s)
    {
        if (Options.OpenWindowCommand is { } command)
        {
            await _session.RunOpenWindowCommandAsync(command, _cancel).ConfigureAwait(false);
            Note($"window opened by \"{command}\"");
            return;
        }

        ZoneHandle? asker = _session.Find(s.Zone ?? DeviceSession.MainZone) ?? AnyZone();

        if (asker is null && _session.WindowOpen)
        {
            // A fresh device (checked before the first case) whose window no commissioning closed yet.
            Note("window already open: no zone commissioned yet");
            return;
        }

        if (asker is null)
        {
            throw new CaseSkippedException("the commissioning window must be opened but no zone exists to ask for it; give --open-window-command");
        }

        Response response = await ZoneCommandAsync(s, asker, OpenWindowCommand, CborValue.Null).ConfigureAwait(false);
        CheckStatus(new ConformanceStep { Do = s.Do }, response);
        _session.WindowOpen = true;
        Note($"window opened by zone {asker.Name}");
    }

    private async Task RemoveZoneAsync(ConformanceStep s)
    {
        string asker = s.Zone ?? DeviceSession.MainZone;
        if (asker == ExtraZones)
        {
            foreach (ZoneHandle extra in new System.Collections.Generic.List<ZoneHandle>(_session.Zones))
            {
                if (extra.Name.StartsWith("extra", StringComparison.Ordinal))
                {
                    await RemoveOneAsync(s, extra, extra).ConfigureAwait(false);
                }
            }

            return;
        }

        // Commissioned here if the run has none of that name yet, so the case also runs alone.
        ZoneHandle by = await ZoneAsync(asker).ConfigureAwait(false);
        ZoneHandle target = s.Target is null ? by : await ZoneAsync(s.Target).ConfigureAwait(false);
        await RemoveOneAsync(s, by, target).ConfigureAwait(false);
    }

    private async Task RemoveOneAsync(ConformanceStep s, ZoneHandle by, ZoneHandle target)
    {
        var parameters = new CborMap().Set("zoneId", CborValue.FromText(target.Device.ZoneId));
        Response response = await ZoneCommandAsync(s, by, RemoveZoneCommand, CborValue.FromMap(parameters)).ConfigureAwait(false);
        CheckStatus(s, response);
        if (response.Status == StatusCode.Success)
        {
            _session.MarkRemoved(target.Name);
            Note($"zone {target.Name} removed by {(by == target ? "itself" : "zone " + by.Name)}");
        }
    }

    private async Task ListZonesAsync(ConformanceStep s)
    {
        ZoneHandle by = s.Zone is null ? AnyZone() ?? await ZoneAsync(null).ConfigureAwait(false) : await ZoneAsync(s.Zone).ConfigureAwait(false);
        Response response = await ZoneCommandAsync(s, by, ListZonesCommand, CborValue.Null).ConfigureAwait(false);
        CheckStatus(s, response);
        if (!response.Payload.TryGetValue("zones", out CborValue? zones) || zones.Kind != CborValueKind.Array)
        {
            throw new StepFailedException($"listZones returned no \"zones\" array: {response.Payload}");
        }

        if (s.Count is not null && zones.Count != Int(s.Count))
        {
            throw new StepFailedException($"listZones lists {zones.Count} zones, expected {Int(s.Count)}: {zones}");
        }

        Note($"{zones.Count} zones listed");
    }

    /// <summary>Commissions extra zones (each after opening the window) until the runner holds <c>count</c> zones.</summary>
    private async Task FillZonesAsync(ConformanceStep s)
    {
        int total = Int(s.Count!);
        for (int k = 1; _session.Zones.Count < total; k++)
        {
            string name = "extra" + k.ToString(CultureInfo.InvariantCulture);
            if (_session.Find(name) is not null)
            {
                continue;
            }

            await OpenWindowAsync(new ConformanceStep { Do = StepActions.OpenWindow, Zone = s.Zone }).ConfigureAwait(false);
            CommissioningException? failed = await _session.CommissionAsync(name, ZoneType.UserApp, wrongCode: false, retryBackoff: true, Note, _cancel).ConfigureAwait(false);
            if (failed is not null)
            {
                // A device full before MAX_ZONES holds zones this run did not create (the run can only
                // start with them when the window was opened by hand or --open-window-command).
                string hint = failed.ErrorCode == CommissioningErrorCode.ZoneFull
                    ? "; the device holds zones this run did not create: factory-reset it for this case"
                    : string.Empty;
                throw new StepFailedException($"zone {_session.Zones.Count + 1} of {total} ({name}) could not be commissioned: {failed.Message}{hint}", failed);
            }
        }

        Note($"{_session.Zones.Count} zones commissioned by the runner");
    }

    private async Task TestTriggerAsync(ConformanceStep s)
    {
        byte[] key = Options.TestEventKey ?? throw new CaseSkippedException("the case needs the device's test event key (--test-event-key)");
        ulong code = s.Trigger switch
        {
            "shorten_failsafe" => 0x1_0000_0000,
            "shorten_durations" => 0x2_0000_0000,
            "connection_loss" => 0x3_0000_0000,
            "restore_timers" => 0x4_0000_0000,
            _ => throw new FormatException($"unknown trigger \"{s.Trigger}\""),
        };
        ulong argument = s.Seconds is null ? 0 : (ulong)Int(s.Seconds);
        var parameters = new CborMap().Set("enableKey", CborValue.FromBytes(key)).Set("trigger", CborValue.FromUInt64(code | argument));
        Response response = await InvokeRawAsync(s, Connection(s), RootEndpoint, DeviceInfoFeature, TestEventTriggerCommand, CborValue.FromMap(parameters)).ConfigureAwait(false);
        CheckStatus(s, response);
        Note($"test trigger {s.Trigger} ({argument} s) accepted");
    }

    /// <summary>Zone "main" if the run has it, else any zone the device holds.</summary>
    private ZoneHandle? AnyZone()
    {
        if (_session.Find(DeviceSession.MainZone) is { } main)
        {
            return main;
        }

        foreach (ZoneHandle zone in _session.Zones)
        {
            return zone;
        }

        return null;
    }

    private ProbeConnection? OpenConnectionOf(string zone)
    {
        foreach (System.Collections.Generic.KeyValuePair<string, string> pair in _connectionZones)
        {
            if (pair.Value == zone && _connections.TryGetValue(pair.Key, out ProbeConnection? c) && c.Ended is null)
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>Sends a zone command on the step's connection if it is this zone's, else on a short-lived one.</summary>
    private async Task<Response> ZoneCommandAsync(ConformanceStep s, ZoneHandle zone, byte command, CborValue parameters)
    {
        Response response;
        ProbeConnection? open = s.Conn is not null ? Connection(s) : OpenConnectionOf(zone.Name);
        if (open is not null)
        {
            // A second connection of the same zone would replace this one on the device.
            response = await InvokeRawAsync(s, open, RootEndpoint, DeviceInfoFeature, command, parameters).ConfigureAwait(false);
        }
        else
        {
            ProbeConnection connection = await ProbeConnection.ConnectAsync("zone-" + zone.Name, Options.Host, Options.Port, DeviceSession.OperationalTls(zone), Options.StepTimeout, _cancel).ConfigureAwait(false);
            try
            {
                response = await InvokeRawAsync(s, connection, RootEndpoint, DeviceInfoFeature, command, parameters).ConfigureAwait(false);
                if (connection.Ended is null)
                {
                    await connection.SendControlAsync(new ControlMessage(ControlMessageType.Close), _cancel).ConfigureAwait(false);
                    await connection.TakeAsync(f => f.Control is { Type: ControlMessageType.CloseAck or ControlMessageType.Close }, TimeSpan.FromSeconds(2), _cancel).ConfigureAwait(false);
                }
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (response.Status is StatusCode.InvalidCommand or StatusCode.Unsupported)
        {
            throw new CaseSkippedException(
                $"the device does not serve this firmware's zone command 0x{command:X2} on DeviceInfo ({response.Status}); [63] defines no message for it");
        }

        return response;
    }
}
