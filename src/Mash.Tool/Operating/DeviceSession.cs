using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Mash.Controller.Operational;
using Mash.Controller.State;
using Mash.Controller.Transport;
using Mash.Protocol.Wire;
using Mash.Tool.Commands;

namespace Mash.Tool.Operating;

/// <summary>
/// One operational session with a commissioned device for the length of a command: the state,
/// the device's record and a mutual-TLS connection. Failures become <see cref="CommandFailedException"/>
/// with the exit codes of shared/CLI.md: unknown device 3, network or refusal 2.
/// </summary>
internal sealed class DeviceSession : IAsyncDisposable
{
    /// <summary>Long enough for a device on Wi-Fi, short enough that a typo'd address does not hang a script.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(1);

    private DeviceSession(ControllerState state, DeviceRecord device, MashConnection connection)
    {
        State = state;
        Device = device;
        Connection = connection;
    }

    public ControllerState State { get; }

    public DeviceRecord Device { get; }

    /// <summary>The current connection; <see cref="ReconnectAsync"/> replaces it.</summary>
    public MashConnection Connection { get; private set; }

    /// <summary>Opens the state and finds the device in it, without connecting.</summary>
    /// <exception cref="CommandFailedException">Unreadable state or unknown device (exit 3).</exception>
    public static (ControllerState State, DeviceRecord Device) FindDevice(string? stateFolder, string deviceId)
    {
        ControllerState state;
        try
        {
            state = ControllerState.Open(stateFolder);
        }
        catch (ControllerStateException ex)
        {
            throw CommandFailedException.State(ex.Message);
        }

        DeviceRecord? device = state.FindDevice(deviceId);
        if (device is null)
        {
            var known = new List<string>();
            foreach (DeviceRecord d in state.Devices)
            {
                known.Add(d.DeviceId);
            }

            string folder = state.DirectoryPath;
            state.Dispose();
            throw CommandFailedException.State(known.Count == 0
                ? $"unknown device \"{deviceId}\": no devices are commissioned with the controller state in {folder}"
                : $"unknown device \"{deviceId}\" in {folder}; known devices: {string.Join(", ", known)}");
        }

        return (state, device);
    }

    /// <summary>Finds the device and connects to it.</summary>
    /// <exception cref="CommandFailedException">Unknown device (3), state without a zone (3), connection failed (2).</exception>
    public static async Task<DeviceSession> OpenAsync(string? stateFolder, string deviceId, CancellationToken cancellationToken)
    {
        (ControllerState state, DeviceRecord device) = FindDevice(stateFolder, deviceId);
        try
        {
            MashConnection connection = await OperationalClient.ConnectAsync(state, device, cancellationToken).ConfigureAwait(false);
            return new DeviceSession(state, device, connection);
        }
        catch (ControllerStateException ex)
        {
            state.Dispose();
            throw CommandFailedException.State(ex.Message);
        }
        catch (MashConnectionException ex)
        {
            state.Dispose();
            throw CommandFailedException.Device($"device {device.DeviceId} at {device.Address}: {ex.Message}");
        }
        catch (TimeoutException ex)
        {
            state.Dispose();
            throw CommandFailedException.Device($"device {device.DeviceId} at {device.Address}: {ex.Message}");
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    /// <summary>Drops the current connection and opens a new one to the same device.</summary>
    /// <exception cref="MashConnectionException">Dial or TLS failed.</exception>
    /// <exception cref="TimeoutException">Connect plus handshake took too long.</exception>
    public async Task ReconnectAsync(CancellationToken cancellationToken)
    {
        await Connection.DisposeAsync().ConfigureAwait(false);
        Connection = await OperationalClient.ConnectAsync(State, Device, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends one request and returns the payload of a SUCCESS response.</summary>
    /// <param name="what">What the request does, for the failure reason ("read energyControl").</param>
    /// <exception cref="CommandFailedException">The device refused (exit 2, with the status name and its text), did not answer, or went away.</exception>
    public async Task<CborMap> RequestAsync(Operation operation, byte endpointId, byte featureId, CborValue? payload, string what, CancellationToken cancellationToken)
    {
        Response response = await SendAsync(operation, endpointId, featureId, payload, what, cancellationToken).ConfigureAwait(false);
        if (response.Status != StatusCode.Success)
        {
            throw CommandFailedException.Device(Refusal(what, response));
        }

        return response.Payload;
    }

    /// <summary>Sends one request and returns the response, whatever its status.</summary>
    /// <exception cref="CommandFailedException">No answer or the connection ended (exit 2).</exception>
    public async Task<Response> SendAsync(Operation operation, byte endpointId, byte featureId, CborValue? payload, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await Connection.RequestAsync(operation, endpointId, featureId, payload, RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw CommandFailedException.Device($"{what}: {ex.Message}");
        }
        catch (MashConnectionException ex)
        {
            throw CommandFailedException.Device($"{what}: {ex.Message}");
        }
    }

    /// <summary>"setLimit refused by the device: NOT_AUTHORIZED (text the device sent)".</summary>
    public static string Refusal(string what, Response response)
    {
        ArgumentNullException.ThrowIfNull(response);
        string text = response.Payload.TryGetValue(1, out CborValue? message) && message.Kind == CborValueKind.Text ? " (" + message.AsText() + ")" : string.Empty;
        return $"{what} refused by the device: {StatusNames.Of(response.Status)}{text}";
    }

    /// <summary>A graceful close that does not keep the user waiting for a slow acknowledgement.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var wait = new CancellationTokenSource(CloseWait);
            await Connection.CloseAsync("mashctl done", wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await Connection.DisposeAsync().ConfigureAwait(false);
        State.Dispose();
    }
}
