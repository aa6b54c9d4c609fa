using System;
using System.Globalization;
using System.Threading.Tasks;
using Mash.Controller.Transport;
using Mash.Device.Host.Tests;
using Mash.Device.Host.Tests.EndToEnd;
using Mash.Protocol.Commissioning;
using Mash.Protocol.Wire;

namespace Mash.Integration.Tests;

/// <summary>Our controller's transport against a running mash-load process.</summary>
public sealed class ControllerTransportTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly int _port = FreePort.Next();
    private readonly MashLoadProcess _device;

    public ControllerTransportTests()
    {
        _device = MashLoadProcess.Start(_dir.Path, "--port", _port.ToString(CultureInfo.InvariantCulture), "--trace", "--log-level", "debug");
        _device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _device.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_request_before_pase_is_answered_with_the_reason_and_a_graceful_close()
    {
        await using MashConnection connection = await MashConnection.ConnectAsync(MashConnectionOptions.ForCommissioning("::1", _port));
        Assert.Equal(System.Net.Security.TlsCipherSuite.TLS_AES_128_GCM_SHA256, connection.NegotiatedCipherSuite);
        Assert.Contains("MASH Device", connection.PeerCertificate.Subject, StringComparison.Ordinal);

        await connection.SendFrameAsync(MessageCodec.Encode(new Request(1, Operation.Read, 0, 1, null)));
        CommissioningMessage answer = CommissioningMessage.Decode((await connection.ReceiveFrameAsync()).ToArray());
        Assert.Equal(CommissioningMessageType.Error, answer.Type);
        Assert.Contains("commissioning required", answer.Text, StringComparison.Ordinal);

        ConnectionClosedInfo closed = await connection.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ConnectionEndKind.ClosedByPeer, closed.Kind);
        // The protocol trace shows the decoded request, as --trace promises.
        _device.WaitForStderr(l => l.Contains("rx {1: 1, 2: 1, 3: 0, 4: 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_the_device_closes_the_controller_connection_gracefully()
    {
        var options = new MashConnectionOptions("127.0.0.1", _port) { ServerCertificateValidator = ServerCertificateValidators.AcceptAny };
        await using MashConnection connection = await MashConnection.ConnectAsync(options);
        _device.WaitForStderr(l => l.Contains("connection #1 from", StringComparison.Ordinal));
        _device.Signal();
        ConnectionClosedInfo closed = await connection.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ConnectionEndKind.ClosedByPeer, closed.Kind);
        Assert.Equal(0, _device.WaitForExit());
    }
}
