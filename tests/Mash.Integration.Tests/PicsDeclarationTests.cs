using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Security;
using Mash.Controller.Operational;
using Mash.Controller.Transport;
using Mash.Device.Boards;
using Mash.Device.Commissioning;
using Mash.Device.Discovery;
using Mash.Device.Host.Boards;
using Mash.Device.Host.Transport;
using Mash.Device.Interaction;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Device.Transport;
using Mash.Device.Zones;
using Mash.Protocol.Certificates;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pics;
using Mash.Protocol.Wire;

namespace Mash.Integration.Tests;

/// <summary>
/// pics/mash-load.pics against the registry and against the constants the firmware enforces, so
/// the declaration and the device cannot drift apart.
/// </summary>
public sealed class PicsDeclarationTests
{
    private const string SeedDocument = "pairing-connection-pics-registry.md";

    private static readonly PicsFile Shipped = PicsFile.Load(ShippedPath);

    public static string ShippedPath => Path.Combine(AppContext.BaseDirectory, "pics", "mash-load.pics");

    /// <summary>Each declared figure and the value the code uses.</summary>
    public static TheoryData<string, string> Figures()
    {
        var declaration = SmartLoadModel.Declare(EndpointType.WaterHeater);
        var policy = new ReconnectPolicy();
        TimeSpan first = policy.NextDelay();
        TimeSpan second = policy.NextDelay();
        return new TheoryData<string, string>
        {
            { "MASH.S.ENDPOINTS", N(declaration.Endpoints.Length) },
            { "MASH.S.TRANS.PORT", N(TransportLimits.DefaultPort) },
            { "MASH.S.TRANS.TLS_AES_128_GCM", Flag(TlsServerSettings.CipherSuites.Contains(TlsCipherSuite.TLS_AES_128_GCM_SHA256)) },
            { "MASH.S.TRANS.TLS_AES_256_GCM", Flag(TlsServerSettings.CipherSuites.Contains(TlsCipherSuite.TLS_AES_256_GCM_SHA384)) },
            { "MASH.S.TRANS.TLS_CHACHA20", Flag(TlsServerSettings.CipherSuites.Contains(TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256)) },
            { "MASH.S.TRANS.MAX_MSG_SIZE", N(FrameFormat.MaxFrameSize) },
            { "MASH.S.TRANS.LENGTH_PREFIX", Flag(FrameFormat.HeaderSize == 4) },
            { "MASH.S.TRANS.PING_INTERVAL", S(KeepAliveSettings.Default.PingInterval) },
            { "MASH.S.TRANS.PONG_TIMEOUT", S(KeepAliveSettings.Default.PongTimeout) },
            { "MASH.S.TRANS.MAX_MISSED_PONGS", N(KeepAliveSettings.Default.MaxMissedPongs) },
            { "MASH.S.TRANS.DETECTION_DELAY_MAX", S(KeepAliveSettings.Default.DetectionDelayMax) },
            { "MASH.S.CONN.CLOSE_TIMEOUT", S(KeepAliveSettings.Default.CloseAckTimeout) },
            { "MASH.S.COMM.WINDOW_DURATION", S(CommissioningWindow.DefaultDuration) },
            { "MASH.S.COMM.PASE_TIMEOUT", S(CommissioningTimeouts.Default.Pase) },
            { "MASH.S.COMM.CSR_TIMEOUT", S(CommissioningTimeouts.Default.Csr) },
            { "MASH.S.COMM.CERT_TIMEOUT", S(CommissioningTimeouts.Default.Certificate) },
            { "MASH.S.COMM.SETUP_CODE_BITS", N((int)Math.Ceiling(Math.Log2(SetupCode.MaxValue + 1.0))) },
            { "MASH.S.COMM.DISCRIMINATOR_BITS", N((int)Math.Log2(Discriminator.MaxValue + 1)) },
            { "MASH.S.CERT.MAX_ZONES", N(ZoneStore.MaxZones) },
            { "MASH.S.ZONE.MAX_ZONES", N(ZoneStore.MaxZones) },
            { "MASH.S.CERT.OP_VALIDITY", N((int)MashCertificateProfile.OperationalLifetime.TotalDays) },
            { "MASH.S.CERT.RENEWAL_WINDOW", N((int)CertificateRenewal.Window.TotalDays) },
            { "MASH.C.CONN.BACKOFF_INITIAL", S(first) },
            { "MASH.C.CONN.BACKOFF_MAX", S(policy.MaxDelay) },
            { "MASH.C.CONN.BACKOFF_MULTIPLIER", N((int)(second / first)) },
            { "MASH.C.CONN.JITTER_FACTOR", ReconnectPolicy.MaxJitterFraction.ToString(CultureInfo.InvariantCulture) },
            { "MASH.S.FAILSAFE.DURATION_MIN", N(EnergyControlFeature.FailsafeDurationMinSeconds) },
            { "MASH.S.FAILSAFE.DURATION_MAX", N(EnergyControlFeature.FailsafeDurationMaxSeconds) },
            { "MASH.S.FAILSAFE.DURATION_DEFAULT", S(LoadControlSettings.DefaultFailsafeDuration) },
            { "MASH.S.FAILSAFE.LIMIT_CONFIGURABLE", Flag(EnergyControlFeature.Declare().FindAttribute(EnergyControlFeature.FailsafeConsumptionLimit)!.Writable) },
            { "MASH.S.DURATION.MAX", S(LoadControl.MaxLimitDuration) },
            { "MASH.S.SUB.MAX_SUBSCRIPTIONS", N(SubscriptionLimits.MaxSubscriptions) },
            { "MASH.S.SUB.MAX_ATTRS_PER_SUB", N(SubscriptionLimits.MaxAttributesPerSubscription) },
            { "MASH.S.SUB.MIN_INTERVAL_MIN", N(SubscriptionLimits.MinIntervalMinSeconds) },
            { "MASH.S.SUB.MIN_INTERVAL_MAX", N(SubscriptionLimits.MinIntervalMaxSeconds) },
            { "MASH.S.SUB.MAX_INTERVAL_MIN", N(SubscriptionLimits.MaxIntervalMinSeconds) },
            { "MASH.S.SUB.MAX_INTERVAL_MAX", N(SubscriptionLimits.MaxIntervalMaxSeconds) },
            { "MASH.S.SUB.COALESCE", Q(SubscriptionLimits.Coalesce) },
            { "MASH.S.SUB.B_COALESCE", Q(SubscriptionLimits.Coalesce) },
            { "MASH.S.SUB.BOUNCE_BACK", N(SubscriptionLimits.BounceBack) },
            { "MASH.S.SUB.HEARTBEAT_CONTENT", Q(SubscriptionLimits.HeartbeatContent) },
            { "MASH.S.SUB.B_HEARTBEAT_CONTENT", Q(SubscriptionLimits.HeartbeatContent) },
            { "MASH.S.SUB.PRIMING", N(SubscriptionLimits.Priming) },
            { "MASH.S.SUB.DELTA_ONLY", N(SubscriptionLimits.DeltaOnly) },
            { "MASH.S.SUB.INTERVAL_AUTOCORRECT", N(SubscriptionLimits.IntervalAutocorrect) },
            { "MASH.S.DISC.SERVICE_TYPE", Q(DiscoveryAdvertiser.OperationalServiceType) },
            { "MASH.S.DISC.QR_FORMAT", N(QrPayload.CurrentVersion) },
        };
    }

    /// <summary>The TXT keys the registry names and the record that carries each.</summary>
    public static TheoryData<string, string, bool> TxtKeys() => new()
    {
        { "MASH.S.DISC.TXT_D", "D", true },
        { "MASH.S.DISC.TXT_VP", "VP", true },
        { "MASH.S.DISC.TXT_CM", "CM", true },
        { "MASH.S.DISC.TXT_DT", "DT", true },
        { "MASH.S.DISC.TXT_DI", "DI", false },
        { "MASH.S.DISC.TXT_FW", "FW", false },
        { "MASH.S.DISC.TXT_EP", "EP", false },
        { "MASH.S.DISC.TXT_FM", "FM", false },
    };

    [Fact]
    public void The_shipped_pics_is_valid_without_warnings()
    {
        PicsValidationResult result = PicsValidator.Validate(Shipped);

        Assert.True(result.Diagnostics.Count == 0, string.Join("\n", result.Diagnostics.Select(d => d.Format("mash-load.pics"))));
    }

    [Fact]
    public void Every_code_of_the_seed_registry_is_declared()
    {
        string[] missing = PicsRegistry.Default.Entries
            .Where(e => e.Source.StartsWith(SeedDocument, StringComparison.Ordinal) && Shipped.Find(e.Code) is null)
            .Select(e => e.Code)
            .ToArray();

        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(Figures))]
    public void A_declared_figure_is_the_one_the_firmware_uses(string code, string expected)
    {
        PicsEntry entry = Shipped.Find(code) ?? throw new Xunit.Sdk.XunitException(code + " is not declared");
        Assert.Equal(PicsValue.Parse(expected), entry.Value);
    }

    [Theory]
    [MemberData(nameof(TxtKeys))]
    public void A_declared_txt_key_is_in_the_record_the_device_advertises(string code, string key, bool commissionable)
    {
        BoardDefinition board = BoardFile.LoadEmbedded("host-sim");
        const string deviceId = "0123456789abcdef";
        IReadOnlyList<string> txt = commissionable
            ? MashTxt.Commissionable(CommissionableAdvert.FromBoard(board, new Discriminator(1234), deviceId))
            : MashTxt.Operational(OperationalAdvert.FromBoard(board, deviceId), new OperationalZone("fedcba9876543210", deviceId));

        bool carried = txt.Any(t => t.StartsWith(key + "=", StringComparison.Ordinal));
        Assert.Equal(Shipped.IsEnabled(code), carried);
    }

    [Fact]
    public void Application_codes_declare_exactly_the_features_attributes_commands_and_flags_the_device_serves()
    {
        DeviceDeclaration device = SmartLoadModel.Declare(EndpointType.WaterHeater);
        var features = device.Endpoints.SelectMany(e => e.Features).ToDictionary(f => f.PicsCode, StringComparer.OrdinalIgnoreCase);
        var mismatches = new List<string>();
        foreach (PicsRegistryEntry entry in PicsRegistry.Default.Entries)
        {
            string[] parts = entry.Code.Split('.');
            if (entry.Side != "S" || PicsRegistry.Default.LayerOf(entry.Feature) != "Application Layer Features")
            {
                continue;
            }

            bool served;
            features.TryGetValue(parts[2], out FeatureDeclaration? feature);
            if (parts.Length == 3)
            {
                served = feature is not null;
            }
            else if (feature is null || parts[3].StartsWith("B_", StringComparison.Ordinal))
            {
                continue; // a feature the device does not have, or a behaviour code (checked as figures)
            }
            else
            {
                int id = int.Parse(parts[3][1..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                served = parts[3][0] switch
                {
                    'A' => feature.FindAttribute((ushort)id) is not null,
                    'C' => feature.FindCommand((byte)id) is not null,
                    'F' => (feature.FeatureMap & (1u << id)) != 0,
                    _ => throw new InvalidOperationException("unexpected code " + entry.Code),
                };
            }

            PicsEntry? declared = Shipped.Find(entry.Code);
            if (declared is null || declared.Value.IsEnabled != served)
            {
                mismatches.Add($"{entry.Code} ({entry.Description}): declared {declared?.Value.Text ?? "nothing"}, device {(served ? "serves it" : "does not")}");
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Jitter_is_declared_because_the_controller_library_offers_it()
    {
        var jittered = new ReconnectPolicy(jitter: true, unitRandom: () => 1.0);

        Assert.True(Shipped.IsEnabled("MASH.C.CONN.JITTER"));
        Assert.Equal(TimeSpan.FromSeconds(1.25), jittered.NextDelay());
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string S(TimeSpan value) => N((long)value.TotalSeconds);

    private static string Flag(bool value) => value ? "1" : "0";

    private static string Q(string value) => "\"" + value + "\"";
}
