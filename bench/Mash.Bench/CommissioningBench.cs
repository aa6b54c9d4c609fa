using System;
using System.Diagnostics;
using System.IO;
using Mash.Controller.Commissioning;
using Mash.Controller.State;
using Mash.Device.Boards;
using Mash.Device.Commissioning;
using Mash.Device.Composition;
using Mash.Device.Diagnostics;
using Mash.Device.Host.Boards;
using Mash.Device.Host.Relays;
using Mash.Device.Host.Runtime;
using Mash.Device.Host.Transport;
using Mash.Device.Identity;
using Mash.Device.Runtime;
using Mash.Device.Storage;
using Mash.Device.Transport;
using Mash.Device.Zones;
using Mash.Protocol.DotNet;
using Mash.Protocol.DotNet.Crypto;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;
using Mash.Protocol.Zones;

namespace Mash.Bench;

/// <summary>
/// SPAKE2+ cost per side, and a full commissioning (TCP + TLS 1.3 + PASE + CSR + certificate
/// install with a flash write) between our controller and the device stack on loopback.
/// </summary>
internal static class CommissioningBench
{
    private static readonly SetupCode Code = new(20252026);

    public static void Run()
    {
        Spake();
        EndToEnd();
    }

    private static void Spake()
    {
        var verifier = Spake2PlusVerifier.Derive(SystemCryptoPal.Instance, OpenSslP256Group.Instance, Code);
        const int N = 300;
        TimeSpan prover = TimeSpan.Zero;
        TimeSpan device = TimeSpan.Zero;
        for (int i = 0; i < N + 20; i++)
        {
            var watch = Stopwatch.StartNew();
            using var p = new Spake2PlusProver(SystemCryptoPal.Instance, OpenSslP256Group.Instance, Code);
            byte[] pA = p.Start();
            TimeSpan proverStart = watch.Elapsed;

            watch.Restart();
            using var v = new Spake2PlusVerifierSession(SystemCryptoPal.Instance, OpenSslP256Group.Instance, verifier);
            byte[] pB = v.Respond(pA);
            TimeSpan deviceRespond = watch.Elapsed;

            watch.Restart();
            byte[] cA = p.Finish(pB);
            TimeSpan proverFinish = watch.Elapsed;

            watch.Restart();
            bool ok = v.VerifyClientConfirmation(cA);
            TimeSpan deviceVerify = watch.Elapsed;

            watch.Restart();
            ok &= p.VerifyServerConfirmation(v.ServerConfirmation);
            TimeSpan proverVerify = watch.Elapsed;
            if (!ok)
            {
                throw new InvalidOperationException("SPAKE2+ exchange failed");
            }

            if (i >= 20)
            {
                prover += proverStart + proverFinish + proverVerify;
                device += deviceRespond + deviceVerify;
            }
        }

        Console.WriteLine($"SPAKE2+ controller (prover, incl. w0/w1 derivation): {prover.TotalMilliseconds / N:F2} ms per exchange");
        Console.WriteLine($"SPAKE2+ device (verifier):                          {device.TotalMilliseconds / N:F2} ms per exchange");
    }

    private static void EndToEnd()
    {
        var clock = new SystemClock();
        var flash = new InMemoryFlashStore();
        using DeviceIdentity identity = DeviceIdentity.Create(SystemCryptoPal.Instance, DotNetX509.Instance, new Discriminator(1), true, Code, clock.UtcNow);
        BoardDefinition board = BoardFile.LoadEmbedded(BoardFile.DefaultBoardName);

        // The device as the host builds it: the core's composition root over in-memory flash.
        var core = new DeviceCore(clock, flash, new SimulatedRelayDriver(board, NullLogSink.Instance), NullLogSink.Instance, new PlatformCrypto(SystemCryptoPal.Instance, OpenSslP256Group.Instance, DotNetX509.Instance, DateTime.MinValue), board, identity);
        Scheduler scheduler = core.Scheduler;
        ZoneStore zones = core.Zones;
        CommissioningService commissioning = core.Commissioning;
        ConnectionManager manager = core.Connections;
        var trust = new ZoneCaTrust(() => clock.UtcNow);
        using var certificates = new ZoneServerCertificates(identity.ToX509Certificate());
        using var listener = new TlsListener(scheduler, manager, NullLogSink.Instance, certificates.Select, trust);
        using var loop = new SchedulerLoop(scheduler);
        loop.Start();
        listener.Start(0);

        string stateRoot = Path.Combine(Path.GetTempPath(), "mash-bench-" + Guid.NewGuid().ToString("N"));
        const int N = 30;
        var times = new double[N];
        try
        {
            for (int i = 0; i < N + 3; i++)
            {
                loop.Invoke(() =>
                {
                    while (zones.Count > 0)
                    {
                        zones.Remove(zones.Zones[0].ZoneId);
                    }

                    commissioning.OpenWindowLocally("bench");
                    return true;
                });
                using ControllerState state = ControllerState.Open(Path.Combine(stateRoot, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                state.EnsureZone(ZoneType.HomeManager, DateTimeOffset.UtcNow); // the CA key is made once per controller, not per pairing
                var watch = Stopwatch.StartNew();
                CommissioningResult result = new Commissioner(state).CommissionAsync(new OnboardingCode(new Discriminator(1), Code), "::1", listener.Port, ZoneType.HomeManager, null, default).GetAwaiter().GetResult();
                watch.Stop();
                result.DisposeAsync().AsTask().GetAwaiter().GetResult();
                if (i >= 3)
                {
                    times[i - 3] = watch.Elapsed.TotalMilliseconds;
                }
            }
        }
        finally
        {
            loop.Stop();
            Directory.Delete(stateRoot, recursive: true);
        }

        Array.Sort(times);
        Console.WriteLine($"full commissioning on loopback (TLS + PASE + CSR + certificate install): median {times[N / 2]:F1} ms, min {times[0]:F1} ms, max {times[N - 1]:F1} ms ({N} runs)");
    }
}
