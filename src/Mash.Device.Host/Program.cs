using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.InteropServices;
using System.Threading;
using Mash.Cli;
using Mash.Device.Diagnostics;
using Mash.Device.Host.Diagnostics;
using Mash.Device.Host.Transport;
using Mash.Protocol.Onboarding;

namespace Mash.Device.Host;

internal static class Program
{
    public static int Main(string[] args)
    {
        // Before anything sets up .NET's signal handling: a script's "mash-load &" starts with SIGINT ignored.
        StopSignals.RestoreIgnored();

        // First, before anything loads OpenSSL: it reads its configuration only once.
        OpenSslProfile.Apply();
        SystemTrustStore.Apply();
        ParseResult parsed = BuildCommand().Parse(args);
        if (UsageErrors.Report(parsed, Console.Error, "mash-load"))
        {
            return ExitCodes.Usage;
        }

        return parsed.Invoke();
    }

    internal static RootCommand BuildCommand()
    {
        var board = new Option<string?>("--board") { Description = $"Board file (boards/*.json) or the name of a built-in board ({string.Join(", ", Boards.BoardFile.EmbeddedNames)}). Default: host-sim." };
        var data = new Option<string>("--data") { Description = "Data folder that stands in for the device's flash.", DefaultValueFactory = _ => HostOptions.DefaultDataDirectory };
        var port = new Option<int>("--port") { Description = "TLS port to listen on.", DefaultValueFactory = _ => HostOptions.DefaultPort };
        UsageErrors.Integer(port, 1, 65535);
        var iface = new Option<string?>("--interface") { Description = "Network interface for mDNS (default: all multicast-capable interfaces)." };
        var logLevel = new Option<string>("--log-level") { Description = "trace, debug, info, warn or error.", DefaultValueFactory = _ => "info" };
        logLevel.Validators.Add(r =>
        {
            string text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "info";
            if (!ConsoleLogSink.TryParseLevel(text, out _))
            {
                r.AddError($"--log-level \"{text}\" is not a level; allowed: trace, debug, info, warn, error");
            }
        });
        var openWindow = new Option<bool>("--open-window") { Description = "Open the commissioning window at start even if the device is already commissioned." };
        var factoryReset = new Option<bool>("--factory-reset") { Description = "Erase zones, keys and load state, create a new device identity (the label codes stay), then start." };
        var provision = new Option<string?>("--provision") { Description = "Import a provisioning file on first boot (from mashctl provision)." };
        var setupCode = new Option<string?>("--setup-code") { Description = "Fixed 8-digit setup code (labs and tests) instead of the generated one." };
        var discriminator = new Option<int?>("--discriminator") { Description = "Fixed discriminator 0..4095 (labs and tests)." };
        var allowWeak = new Option<bool>("--allow-weak-code") { Description = "Accept a trivial --setup-code such as 12345678 (interop labs only)." };
        var testEventKey = new Option<string?>("--test-event-key") { Description = "Labs only: 32 hex digits enabling test event triggers (shortened failsafe/duration timers, simulated connection loss). Not declared in the production PICS." };
        testEventKey.Validators.Add(r =>
        {
            string? hex = r.Tokens.Count > 0 ? r.Tokens[^1].Value : null;
            if (hex is not null && (hex.Length != 32 || !IsHex(hex)))
            {
                r.AddError("--test-event-key must be 32 hex digits (a 128-bit key)");
            }
        });
        var breakRule = new Option<string?>("--break") { Description = "Labs only, with --test-event-key: break one rule on purpose (ping, zero-length-frame) to prove a conformance runner notices.", Hidden = true };
        breakRule.AcceptOnlyFromAmong("ping", "zero-length-frame");
        var paseOnly = new Option<bool>("--pase-only-sessions") { Description = "Let a controller operate right after PASE without installing a certificate (the reference controller's flow), as a temporary lowest-priority zone stored nowhere." };
        var trace = new Option<bool>("--trace") { Description = "Log every protocol frame, decoded (secrets are never printed)." };
        var healthInterval = new Option<int>("--health-interval")
        {
            Description = "Seconds between \"health:\" log lines (uptime, live heap, connections, zones); 0 turns them off.",
            DefaultValueFactory = _ => (int)HostOptions.DefaultHealthInterval.TotalSeconds,
        };
        UsageErrors.Integer(healthInterval, 0, int.MaxValue);
        UsageErrors.Integer(discriminator, 0, Mash.Protocol.Onboarding.Discriminator.MaxValue);

        var root = new RootCommand("mash-load: MASH smart-load device firmware (host build). Prints its onboarding codes and QR code, then serves controllers until SIGINT/SIGTERM.")
        {
            board, data, port, iface, logLevel, openWindow, factoryReset, provision, setupCode, discriminator, allowWeak, paseOnly, trace, healthInterval, testEventKey, breakRule,
        };
        root.Validators.Add(r =>
        {
            if (r.GetResult(breakRule) is not null && r.GetResult(testEventKey) is null)
            {
                r.AddError("--break is for labs only and needs --test-event-key");
            }
        });
        root.Validators.Add(r =>
        {
            if (r.GetResult(setupCode) is not { Tokens: [.., var token] })
            {
                return;
            }

            string code = token.Value;

            try
            {
                SetupCode parsed = SetupCode.Parse(code);
                if (parsed.IsTrivial && !r.GetValue(allowWeak))
                {
                    r.AddError($"--setup-code {code} is trivial to guess; pass --allow-weak-code to use it anyway (interop labs only)");
                }
            }
            catch (OnboardingFormatException ex)
            {
                r.AddError($"--setup-code: {ex.Message}");
            }
        });

        root.SetAction(parse =>
        {
            _ = ConsoleLogSink.TryParseLevel(parse.GetValue(logLevel)!, out LogLevel level); // validated above
            string? code = parse.GetValue(setupCode);
            int? disc = parse.GetValue(discriminator);
            var options = new HostOptions
            {
                Board = parse.GetValue(board),
                DataDirectory = parse.GetValue(data)!,
                Port = parse.GetValue(port),
                Interface = parse.GetValue(iface),
                LogLevel = level,
                OpenWindow = parse.GetValue(openWindow),
                FactoryReset = parse.GetValue(factoryReset),
                Provision = parse.GetValue(provision),
                SetupCode = code is null ? null : SetupCode.Parse(code),
                Discriminator = disc is null ? null : new Discriminator(disc.Value),
                PaseOnlySessions = parse.GetValue(paseOnly),
                Trace = parse.GetValue(trace),
                HealthInterval = TimeSpan.FromSeconds(parse.GetValue(healthInterval)),
                Break = parse.GetValue(breakRule),
                TestEventKey = parse.GetValue(testEventKey) is { } hexKey ? Convert.FromHexString(hexKey) : null,
            };
            return RunUntilSignalled(options);
        });
        // Last, so options other engineers add above get the same one-line errors.
        UsageErrors.Apply(root);
        return root;
    }

    private static bool IsHex(string text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int RunUntilSignalled(HostOptions options)
    {
        var sink = new ConsoleLogSink(options.Trace && options.LogLevel > LogLevel.Debug ? LogLevel.Debug : options.LogLevel);
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // we exit ourselves, after the graceful shutdown
            stop.Cancel();
        }

        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        while (true)
        {
            var host = new DeviceHost(options, Console.Out, sink);
            int code = host.Run(stop.Token);
            if (!host.FactoryResetRequested || stop.IsCancellationRequested)
            {
                return code;
            }

            // A long press: erase and start again, as the appliance would after a reset.
            options = options with { FactoryReset = true };
        }
    }
}
