using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Mash.Device.Boards;
using Mash.Device.Commissioning;
using Mash.Device.Composition;
using Mash.Device.Diagnostics;
using Mash.Device.Discovery;
using Mash.Device.Host.Boards;
using Mash.Device.Host.Diagnostics;
using Mash.Device.Host.Discovery;
using Mash.Device.Host.Input;
using Mash.Device.Host.Relays;
using Mash.Device.Host.Runtime;
using Mash.Device.Host.Storage;
using Mash.Device.Host.Transport;
using Mash.Device.Identity;
using Mash.Device.Input;
using Mash.Device.Platform;
using Mash.Device.Relays;
using Mash.Device.Runtime;
using Mash.Device.Transport;
using Mash.Device.Zones;
using Mash.Protocol.DotNet;
using Mash.Protocol.DotNet.Crypto;
using Mash.Protocol.Pase;
using Mash.Protocol.Provisioning;

namespace Mash.Device.Host;

/// <summary>
/// The host build's composition root: boots the firmware core on Linux parts (files for flash,
/// a thread for the scheduler, simulated or libgpiod relays), runs until told to stop, and shuts
/// down with the relays in their safe state.
/// </summary>
public sealed class DeviceHost
{
    private readonly HostOptions _options;
    private readonly TextWriter _stdout;
    private readonly ILogSink _logSink;
    private readonly Logger _log;

    public DeviceHost(HostOptions options, TextWriter stdout, ILogSink logSink)
    {
        _options = options;
        _stdout = stdout;
        _logSink = logSink;
        _log = new Logger(logSink, "boot");
    }

    private const PosixSignal SigUsr1 = (PosixSignal)10;
    private const PosixSignal SigUsr2 = (PosixSignal)12;

    /// <summary>True when the run ended because the button asked for a factory reset; the caller starts again with one.</summary>
    public bool FactoryResetRequested { get; private set; }

    /// <summary>Runs the device until <paramref name="stop"/> is cancelled; returns the exit code.</summary>
    public int Run(CancellationToken stop)
    {
        BoardDefinition board;
        try
        {
            board = _options.Board is null ? BoardFile.LoadEmbedded(BoardFile.DefaultBoardName) : BoardFile.LoadByNameOrPath(_options.Board);
        }
        catch (BoardFileException ex)
        {
            return Fail(ExitCodes.BadBoard, $"board file: {ex.Message}");
        }

        FileFlashStore flash;
        try
        {
            flash = new FileFlashStore(Path.GetFullPath(_options.DataDirectory), log: _logSink);
        }
        catch (FlashDirectoryUnusableException ex)
        {
            return Fail(ExitCodes.BadData, ex.Message);
        }

        using (flash)
        {
            return RunWith(board, flash, stop);
        }
    }

    private int RunWith(BoardDefinition board, FileFlashStore flash, CancellationToken stop)
    {
        var clock = new SystemClock();
        DeviceIdentity identity;
        try
        {
            if (_options.FactoryReset)
            {
                FactoryReset.Run(flash, SystemRandomSource.Instance, SystemCryptoPal.Instance, DotNetX509.Instance, clock.UtcNow).Dispose();
                _log.Warn("factory reset: zones, keys and load state erased; new device identity created");
            }

            if (_options.Provision is { } provisionPath && !Provision(flash, board, provisionPath, clock.UtcNow, out string? provisionProblem))
            {
                return Fail(ExitCodes.BadData, provisionProblem!);
            }

            ResetReason reason = BootRecord.Begin(flash, out long bootCount);
            _log.Info($"firmware {board.FirmwareVersion} on board {board.Name} ({board.ProductName}), boot #{bootCount}, reset reason: {Describe(reason)}");
            identity = IdentityStore.LoadOrCreate(
                flash,
                SystemRandomSource.Instance,
                SystemCryptoPal.Instance,
                DotNetX509.Instance,
                clock.UtcNow,
                IdentityOverrides.From(_options.Discriminator, _options.SetupCode),
                _log);
            _log.Info($"device {identity.DeviceId}, discriminator {identity.Discriminator}, vendor {board.VendorId}, product {board.ProductId}");

            using (identity)
            {
                int code = Serve(board, flash, clock, identity, stop);
                BootRecord.End(flash, bootCount);
                return code;
            }
        }
        catch (IdentityUnavailableException ex)
        {
            return Fail(ExitCodes.BadData, ex.Message);
        }
        catch (IOException ex)
        {
            return Fail(ExitCodes.BadData, $"data folder {flash.DirectoryPath}: {ex.Message}");
        }
    }

    private int Serve(BoardDefinition board, FileFlashStore flash, SystemClock clock, DeviceIdentity identity, CancellationToken stop)
    {
        using var localStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
        IRelayDriver driver;
        try
        {
            driver = RelayDriverFactory.Create(board, _logSink, flash.DirectoryPath);
        }
        catch (Exception ex) when (ex is NotSupportedException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return Fail(ExitCodes.Failure, $"relay driver for board {board.Name}: {ex.Message}");
        }

        try
        {
            var core = new DeviceCore(clock, flash, driver, _logSink, new PlatformCrypto(SystemCryptoPal.Instance, OpenSslP256Group.Instance, DotNetX509.Instance, DateTime.MinValue), board, identity, new DeviceCoreOptions
            {
                PaseOnlySessions = _options.PaseOnlySessions,
                TestEventKey = _options.TestEventKey,
                OpenWindow = _options.OpenWindow,
                TraceFrames = _options.Trace,
                AnswerPings = _options.Break != "ping",
            });
            RelayBank relays = core.Relays;
            Scheduler scheduler = core.Scheduler;
            ZoneStore zones = core.Zones;
            CommissioningService commissioning = core.Commissioning;
            ConnectionManager connections = core.Connections;
            connections.IgnoreZeroLengthFrames = _options.Break == "zero-length-frame";
            if (_options.Break is { } broken)
            {
                _log.Error($"BROKEN: {broken} (lab mode: this device breaks that rule on purpose)");
            }

            var trust = new ZoneCaTrust(() => clock.UtcNow);
            using var serverCertificates = new ZoneServerCertificates(identity.ToX509Certificate());
            zones.Changed = () => PublishZones(zones, trust, serverCertificates);
            PublishZones(zones, trust, serverCertificates);

            var button = new ButtonMonitor(
                scheduler,
                TimeSpan.FromSeconds(board.Button?.LongPressSeconds ?? BoardDefinition.DefaultLongPressSeconds),
                _logSink)
            {
                ShortPressed = core.ShortPress,
                DoublePressed = core.DoublePress,
                LongPressed = () =>
                {
                    FactoryResetRequested = true;
                    localStop.Cancel();
                },
            };

            if (_options.HealthInterval > TimeSpan.Zero)
            {
                TimeSpan started = clock.Monotonic;
                var health = new Logger(_logSink, "health");
                scheduler.Every(_options.HealthInterval, () => health.Info(HealthLine.Describe(
                    clock.Monotonic - started, connections.Count, connections.Capacity, zones.Count, ZoneStore.MaxZones)));
            }

            using var loop = new SchedulerLoop(scheduler);
            loop.Start();

            // The host-sim board has no button: SIGUSR1 is a short press, SIGUSR2 a long press and
            // SIGHUP a double press. Signals stand for whole gestures, so scripts that send SIGUSR1
            // in quick succession (a lab opening the window between pairings) never make a double press.
            using PosixSignalRegistration usr1 = PosixSignalRegistration.Create(SigUsr1, ctx =>
            {
                ctx.Cancel = true;
                scheduler.Post(button.ShortPressed!);
            });
            using PosixSignalRegistration hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx =>
            {
                ctx.Cancel = true;
                scheduler.Post(button.DoublePressed!);
            });
            using PosixSignalRegistration usr2 = PosixSignalRegistration.Create(SigUsr2, ctx =>
            {
                ctx.Cancel = true;
                scheduler.Post(button.LongPressed!);
            });
            using IDisposable? gpioButton = GpioButtonInput.TryOpen(board, driver, scheduler, button, _logSink);

            if (OpenSslProfile.Unrestricted)
            {
                _log.Warn(OpenSslProfile.Outcome);
            }
            else
            {
                _log.Info(OpenSslProfile.Outcome);
            }

            _log.Debug(SystemTrustStore.Outcome);

            using var listener = new TlsListener(scheduler, connections, _logSink, serverCertificates.Select, trust);
            try
            {
                listener.Start(_options.Port);
            }
            catch (SocketException ex)
            {
                loop.Stop();
                return Fail(ExitCodes.Failure, ex.SocketErrorCode == SocketError.AddressAlreadyInUse
                    ? $"port {_options.Port} is already in use (another mash-load?)"
                    : $"cannot listen on port {_options.Port}: {ex.Message}");
            }

            DiscoveryAdvertiser? advertiser = null;
            void Advertise()
            {
                if (advertiser is null)
                {
                    return;
                }

                advertiser.SetCommissionable(commissioning.Window.IsOpen ? CommissionableAdvert.FromBoard(board, identity.Discriminator, identity.DeviceId) : null);
                var zoneIds = new List<string>(zones.Count);
                foreach (ZoneRecord zone in zones.Zones)
                {
                    zoneIds.Add(zone.ZoneId);
                }

                advertiser.SetOperationalZones(zoneIds.ToArray());
            }

            var windowNotice = new CommissioningWindowNotice(commissioning.Window, clock, _logSink, hasButton: gpioButton is not null, Environment.ProcessId);
            commissioning.Window.Changed = open =>
            {
                windowNotice.Changed(open);
                Advertise();
            };
            zones.Changed += Advertise;
            using DiscoveryService? discovery = DiscoveryService.Start(loop, _logSink, _options.Interface, board, identity, listener.Port, a =>
            {
                advertiser = a;
                Advertise();
            });
            OnboardingBanner.Write(
                _stdout,
                identity,
                board.Name,
                listener.Port,
                $"{zones.Count} of {ZoneStore.MaxZones}",
                commissioning.Window.IsOpen ? $"open for {commissioning.Window.Duration.TotalSeconds:F0} s" : "closed (open it with --open-window or the button)");
            if (commissioning.Window.IsOpen)
            {
                loop.Invoke(() =>
                {
                    windowNotice.Opened();
                    return true;
                });
            }

            _log.Info("running; send SIGINT or SIGTERM to stop");
            SystemdNotify.Ready($"serving on port {listener.Port}");
            localStop.Token.WaitHandle.WaitOne();

            _log.Info("shutting down");
            SystemdNotify.Stopping();
            discovery?.Stop();
            listener.StopAccepting();
            loop.Invoke(() =>
            {
                connections.CloseAll();
                return true;
            });
            if (!listener.WaitForConnections(TimeSpan.FromSeconds(2)))
            {
                _log.Warn("some controllers did not acknowledge the close in time; dropping them");
            }

            loop.Invoke(() =>
            {
                // The safe state at shutdown is not the state to restore at power-on.
                relays.Changed = null;
                relays.AllOff("shutdown: safe state");
                return true;
            });
            loop.Stop();
            return ExitCodes.Ok;
        }
        finally
        {
            (driver as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// Imports a factory provisioning file on first boot (or right after a factory reset): the
    /// discriminator and the SPAKE2+ verifier; the setup code never reaches the device. A device
    /// that already has an identity keeps it and says so.
    /// </summary>
    private bool Provision(FileFlashStore flash, BoardDefinition board, string path, DateTimeOffset now, out string? problem)
    {
        problem = null;
        ProvisioningFile file;
        try
        {
            file = ProvisioningFile.Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            problem = $"provisioning file {path}: {ex.Message}";
            return false;
        }

        if (flash.Read(IdentityRecord.Key).Status != Mash.Device.Storage.FlashReadStatus.Missing && !_options.FactoryReset)
        {
            _log.Warn($"--provision ignored: this device is already provisioned (add --factory-reset to provision it again)");
            return true;
        }

        if (file.VendorId != board.VendorId || file.ProductId != board.ProductId)
        {
            _log.Warn($"provisioning file is for vendor {file.VendorId} product {file.ProductId}, the board says {board.VendorId}/{board.ProductId}");
        }

        // Zones without an identity mean the identity was lost, not a new device: importing
        // would orphan them just as creating one would (only --factory-reset starts over).
        IdentityStore.ThrowIfIdentityLost(flash, PaseVerifierRecord.Key);
        using DeviceIdentity identity = DeviceIdentity.Create(SystemCryptoPal.Instance, DotNetX509.Instance, file.Discriminator, false, default, now.UtcDateTime);
        PaseVerifierRecord.Store(flash, file.Verifier);
        flash.Write(IdentityRecord.Key, IdentityRecord.Encode(identity)); // last: a cut before this re-runs the import
        _log.Info($"provisioned from {path}: discriminator {file.Discriminator}, SPAKE2+ verifier stored (no setup code on the device)");
        return true;
    }

    /// <summary>Hands the TLS layer the Zone CAs to trust and the operational certificates to present.</summary>
    private static void PublishZones(ZoneStore zones, ZoneCaTrust trust, ZoneServerCertificates certificates)
    {
        var cas = new List<X509Certificate2>(zones.Count);
        foreach (ZoneRecord zone in zones.Zones)
        {
            cas.Add(X509CertificateLoader.LoadCertificate(zone.ZoneCaDer));
        }

        trust.Replace(cas);
        certificates.Replace(zones.Zones);
    }

    private static int Fail(int code, string message)
    {
        // One line on stderr, as scripts expect from every command (shared CLI.md).
        Console.Error.WriteLine($"mash-load: {message}");
        return code;
    }

    private static string Describe(ResetReason reason) => reason switch
    {
        ResetReason.FirstBoot => "first boot",
        ResetReason.CleanShutdown => "clean shutdown",
        ResetReason.Unclean => "unclean (power loss, crash or kill)",
        _ => "unknown (boot record damaged)",
    };
}
