using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Mash.Protocol.Commissioning;
using Mash.Protocol.Wire;

namespace Mash.Controller.Conformance;

/// <summary>
/// The run's start and end on the device: before the first case, whether it can be commissioned at
/// all; after the last, removing the zones the run created and leaving the window open, so the
/// device is as the run found it and an immediate rerun starts from the same state.
/// </summary>
internal sealed partial class DeviceSession
{
    // This firmware's DeviceInfo commands on the root endpoint (see CaseRun.Zones).
    internal const byte RootEndpoint = 0;
    internal const byte DeviceInfoFeature = 1;
    internal const byte RemoveZoneCommand = 0x10;
    internal const byte OpenWindowCommandId = 0x12;

    /// <summary>How long a commissioning connection is watched for a refusal; the device refuses right after the handshake.</summary>
    private static readonly TimeSpan RefusalWait = TimeSpan.FromSeconds(1.5);

    private uint _messageId;

    /// <summary>
    /// Opens a commissioning connection and watches it briefly: a device whose window is closed
    /// (or that backs off after failed attempts) refuses at once with an Error message. Nothing
    /// else is sent, so the probe costs no PASE attempt. Returns the refusal, or null when accepted.
    /// </summary>
    public async Task<CommissioningMessage?> ProbeCommissioningAsync(CancellationToken cancellationToken)
    {
        ProbeConnection c = await ProbeConnection.ConnectAsync("window-probe", Options.Host, Options.Port, new ProbeTls(), Options.StepTimeout, cancellationToken).ConfigureAwait(false);
        try
        {
            ReceivedFrame? frame = await c.TakeAsync(f => f.Control is null, RefusalWait, cancellationToken).ConfigureAwait(false);
            if (frame is not null)
            {
                try
                {
                    CommissioningMessage message = CommissioningMessage.Decode(frame.Payload.ToArray());
                    if (message.Type == CommissioningMessageType.Error)
                    {
                        return message;
                    }
                }
                catch (WireFormatException)
                {
                    // Not a refusal we can read; treat the session as accepted and let the cases tell.
                }
            }

            return null;
        }
        finally
        {
            await CloseAsync(c, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the lab's --open-window-command; throws <see cref="StepFailedException"/> when it fails.</summary>
    public async Task RunOpenWindowCommandAsync(string command, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        using Process process = Process.Start(info) ?? throw new StepFailedException("could not run the open-window command");
        await process.WaitForExitAsync(cancellationToken).WaitAsync(Options.StepTimeout, cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new StepFailedException($"the open-window command \"{command}\" exited with {process.ExitCode}");
        }

        // The device reacts to its button (or signal) on its own schedule.
        await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        WindowOpen = true;
    }

    /// <summary>
    /// Removes every zone the run commissioned and still holds (each removes itself, which any zone
    /// may), after opening the commissioning window as the run found it: with the lab's command if
    /// given, else by a zone's openCommissioningWindow. Best effort: each problem is logged, never thrown.
    /// </summary>
    public async Task RestoreAsync(Action<string> log, CancellationToken cancellationToken)
    {
        var zones = new List<ZoneHandle>(_zones.Values);
        if (zones.Count == 0)
        {
            return;
        }

        try
        {
            if (Options.OpenWindowCommand is { } command)
            {
                await RunOpenWindowCommandAsync(command, cancellationToken).ConfigureAwait(false);
                log($"cleanup: window opened by \"{command}\"");
            }
            else
            {
                Response opened = await ZoneInvokeAsync(zones[0], OpenWindowCommandId, CborValue.Null, cancellationToken).ConfigureAwait(false);
                log(opened.Status == StatusCode.Success
                    ? $"cleanup: window opened by zone {zones[0].Name}"
                    : $"cleanup: the device did not open its window ({opened.Status}); a rerun needs --open-window-command or a window opened on the device");
            }
        }
        catch (Exception ex) when (ex is StepFailedException or TimeoutException or System.IO.IOException or System.Security.Authentication.AuthenticationException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            log("cleanup: could not open the window: " + ex.Message);
        }

        foreach (ZoneHandle zone in zones)
        {
            try
            {
                var parameters = new CborMap().Set("zoneId", CborValue.FromText(zone.Device.ZoneId));
                Response removed = await ZoneInvokeAsync(zone, RemoveZoneCommand, CborValue.FromMap(parameters), cancellationToken).ConfigureAwait(false);
                if (removed.Status == StatusCode.Success)
                {
                    MarkRemoved(zone.Name);
                    log($"cleanup: zone {zone.Name} removed");
                }
                else
                {
                    log($"cleanup: zone {zone.Name} ({zone.Device.ZoneId}) stays on the device: removeZone answered {removed.Status}; factory-reset the device before the next run");
                }
            }
            catch (Exception ex) when (ex is StepFailedException or TimeoutException or System.IO.IOException or System.Security.Authentication.AuthenticationException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                log($"cleanup: zone {zone.Name} ({zone.Device.ZoneId}) stays on the device: {ex.Message}; factory-reset the device before the next run");
            }
        }
    }

    /// <summary>One DeviceInfo command as <paramref name="zone"/> on a connection of its own, closed afterwards.</summary>
    private async Task<Response> ZoneInvokeAsync(ZoneHandle zone, byte command, CborValue parameters, CancellationToken cancellationToken)
    {
        ProbeConnection c = await ProbeConnection.ConnectAsync("cleanup-" + zone.Name, Options.Host, Options.Port, OperationalTls(zone), Options.StepTimeout, cancellationToken).ConfigureAwait(false);
        try
        {
            uint id = ++_messageId;
            var invoke = new CborMap().Set(1, CborValue.FromUInt64(command)).Set(2, parameters);
            await c.SendFrameAsync(MessageCodec.Encode(new Request(id, Operation.Invoke, RootEndpoint, DeviceInfoFeature, CborValue.FromMap(invoke))), cancellationToken).ConfigureAwait(false);
            ReceivedFrame? frame = await c.TakeAsync(f => f.Kind == MessageKind.Response && IsResponseTo(f, id), Options.StepTimeout, cancellationToken).ConfigureAwait(false);
            return frame is null
                ? throw new TimeoutException($"no answer within {Options.StepTimeout.TotalSeconds:F0} s{(c.Ended is null ? string.Empty : "; the connection ended: " + c.Ended)}")
                : MessageCodec.DecodeResponse(frame.Payload.ToArray());
        }
        finally
        {
            await CloseAsync(c, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsResponseTo(ReceivedFrame frame, uint id)
    {
        try
        {
            return MessageCodec.DecodeResponse(frame.Payload.ToArray()).MessageId == id;
        }
        catch (WireFormatException)
        {
            return false;
        }
    }

    /// <summary>Close message and a short wait for the answer, so the device frees the connection at once.</summary>
    private static async Task CloseAsync(ProbeConnection c, CancellationToken cancellationToken)
    {
        try
        {
            if (c.Ended is null)
            {
                await c.SendControlAsync(new ControlMessage(ControlMessageType.Close), cancellationToken).ConfigureAwait(false);
                await c.TakeAsync(f => f.Control is { Type: ControlMessageType.CloseAck or ControlMessageType.Close }, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is StepFailedException or OperationCanceledException or System.IO.IOException or ObjectDisposedException)
        {
            // Closing anyway.
        }
        finally
        {
            await c.DisposeAsync().ConfigureAwait(false);
        }
    }
}
