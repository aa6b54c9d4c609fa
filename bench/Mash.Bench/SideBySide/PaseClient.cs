using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Mash.Controller.Transport;
using Mash.Protocol.Commissioning;
using Mash.Protocol.DotNet;
using Mash.Protocol.DotNet.Crypto;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;

namespace Mash.Bench.SideBySide;

/// <summary>How long one pairing took, as the controller saw it.</summary>
internal readonly record struct PairingTimes(TimeSpan Total, TimeSpan Connect, TimeSpan PaseRoundTrips);

/// <summary>
/// TCP + TLS 1.3 + SPAKE2+ PASE and nothing after it, which is all the mash-go reference device
/// does, so the same client times both devices. The connection is dropped afterwards.
/// </summary>
internal static class PaseClient
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    public static async Task<PairingTimes> PairAsync(int port)
    {
        using var timeout = new CancellationTokenSource(Limit);
        var options = MashConnectionOptions.ForCommissioning("::1", port);
        var total = Stopwatch.StartNew();
        await using MashConnection connection = await MashConnection.ConnectAsync(options, timeout.Token).ConfigureAwait(false);
        TimeSpan connected = total.Elapsed;
        await PairOnAsync(connection, timeout.Token).ConfigureAwait(false);
        TimeSpan done = total.Elapsed;
        return new PairingTimes(done, connected, done - connected);
    }

    /// <summary>PASE on a connection already open in raw mode; the connection stays open.</summary>
    public static async Task PairOnAsync(MashConnection connection, CancellationToken cancellationToken = default)
    {
        using var prover = new Spake2PlusProver(SystemCryptoPal.Instance, OpenSslP256Group.Instance, new SetupCode(DeviceUnderTest.SetupCode));
        CommissioningMessage response = await ExchangeAsync(connection, CommissioningMessage.PaseRequest(prover.Start(), "mash-controller"), cancellationToken).ConfigureAwait(false);
        byte[] cA = prover.Finish(response.Data!);
        CommissioningMessage complete = await ExchangeAsync(connection, CommissioningMessage.PaseConfirm(cA), cancellationToken).ConfigureAwait(false);
        if (complete.ErrorCode != CommissioningErrorCode.Success || !prover.VerifyServerConfirmation(complete.Data!))
        {
            throw new InvalidOperationException("PASE failed: " + complete.ErrorCode);
        }

    }

    private static async Task<CommissioningMessage> ExchangeAsync(MashConnection connection, CommissioningMessage message, CancellationToken cancellationToken)
    {
        await connection.SendFrameAsync(message.Encode(), cancellationToken).ConfigureAwait(false);
        ReadOnlyMemory<byte> frame = await connection.ReceiveFrameAsync(cancellationToken).ConfigureAwait(false);
        return CommissioningMessage.Decode(frame.ToArray());
    }
}
