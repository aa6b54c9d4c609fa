using System;
using System.Collections.Concurrent;
using System.Net;
using System.Threading.Tasks;
using Mash.Controller.Transport;
using Mash.Protocol.Wire;
using Microsoft.Extensions.Time.Testing;

namespace Mash.Controller.Tests.Transport;

/// <summary>A client connection and the test device end of it, on a virtual clock.</summary>
internal sealed class Harness : IAsyncDisposable
{
    private Harness(FakeTimeProvider time, TestTlsServer server, MashConnection client, TestPeer peer, ConcurrentQueue<string> log)
    {
        Time = time;
        Server = server;
        Client = client;
        Peer = peer;
        Log = log;
    }

    public FakeTimeProvider Time { get; }

    public TestTlsServer Server { get; }

    public MashConnection Client { get; }

    public TestPeer Peer { get; }

    public ConcurrentQueue<string> Log { get; }

    public static async Task<Harness> OpenAsync(MashConnectionMode mode = MashConnectionMode.Requests, bool keepAlive = true)
    {
        var time = new FakeTimeProvider();
        var log = new ConcurrentQueue<string>();
        var server = TestTlsServer.Start(IPAddress.Loopback);
        Task<TestPeer> accept = server.AcceptAsync();
        var options = new MashConnectionOptions("127.0.0.1", server.Port)
        {
            ServerCertificateValidator = ServerCertificateValidators.AcceptAny,
            InitialMode = mode,
            TimeProvider = time,
            KeepAlive = new KeepAliveOptions { Enabled = keepAlive },
            Log = log.Enqueue,
        };
        MashConnection client = await MashConnection.ConnectAsync(options).WaitAsync(TestTlsServer.Guard);
        TestPeer peer = await accept;
        return new Harness(time, server, client, peer, log);
    }

    /// <summary>
    /// Waits until the client has processed everything the peer sent so far: frames are handled
    /// in order, so the pong to a fresh ping arrives only after all earlier frames were handled.
    /// Receiving the ping counts as traffic for the client's keep-alive.
    /// </summary>
    public async Task SyncAsync(uint sequence = 4242)
    {
        await Peer.SendControlAsync(new ControlMessage(ControlMessageType.Ping, sequence));
        ControlMessage pong = await Peer.ReadControlAsync();
        Assert.Equal(ControlMessageType.Pong, pong.Type);
        Assert.Equal(sequence, pong.Sequence);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Peer.DisposeAsync();
        Server.Dispose();
    }
}
