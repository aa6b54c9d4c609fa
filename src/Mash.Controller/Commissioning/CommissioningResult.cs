using System;
using System.Threading.Tasks;
using Mash.Controller.State;
using Mash.Controller.Transport;

namespace Mash.Controller.Commissioning;

/// <summary>
/// A commissioned device and the connection commissioning ran on, which continues as the
/// operational session for the zone (request mode). Dispose it, or close the connection, when done.
/// </summary>
public sealed class CommissioningResult : IAsyncDisposable
{
    public CommissioningResult(DeviceRecord device, MashConnection connection)
    {
        Device = device ?? throw new ArgumentNullException(nameof(device));
        Connection = connection ?? throw new ArgumentNullException(nameof(connection));
    }

    /// <summary>The record saved in the controller state.</summary>
    public DeviceRecord Device { get; }

    public MashConnection Connection { get; }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
