using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Mash.Controller.Commissioning;
using Mash.Controller.Operational;
using Mash.Controller.State;
using Mash.Controller.Transport;
using Mash.Protocol.Commissioning;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Zones;

namespace Mash.Controller.Conformance;

/// <summary>
/// What the run knows about the device across cases: the zones the runner commissioned (each
/// with its own controller state, so its own Zone CA) and whether the commissioning window is
/// believed open. A fresh device starts with its window open; a successful commissioning closes it.
/// </summary>
internal sealed partial class DeviceSession : IDisposable
{
    /// <summary>The zone most cases act as; it gets the highest priority so it may remove the others.</summary>
    public const string MainZone = "main";

    private readonly Dictionary<string, ZoneHandle> _zones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ZoneHandle> _removed = new(StringComparer.Ordinal);

    private int _folders;

    public DeviceSession(ConformanceOptions options)
    {
        Options = options;
    }

    public ConformanceOptions Options { get; }

    /// <summary>True after start and after the window was opened, false after a commissioning succeeded.</summary>
    public bool WindowOpen { get; set; } = true;

    public IReadOnlyCollection<ZoneHandle> Zones => _zones.Values;

    /// <summary>A zone the device holds (as far as the run knows).</summary>
    public ZoneHandle? Find(string name) => _zones.TryGetValue(name, out ZoneHandle? zone) ? zone : null;

    /// <summary>A zone the device removed: its certificate must no longer be accepted.</summary>
    public ZoneHandle? FindRemoved(string name) => _removed.TryGetValue(name, out ZoneHandle? zone) ? zone : null;

    /// <summary>Records that the device removed the zone; its state is kept to try it again.</summary>
    public void MarkRemoved(string name)
    {
        if (_zones.Remove(name, out ZoneHandle? zone))
        {
            Drop(_removed, name);
            _removed[name] = zone;
        }
    }

    /// <summary>
    /// Runs commissioning as zone <paramref name="name"/> (a new controller state each time) and
    /// returns null on success, else the device's refusal. A refusal that says to try again in
    /// N s (back-off after a wrong code) is retried once after that wait when success is expected.
    /// </summary>
    public async Task<CommissioningException?> CommissionAsync(string name, ZoneType type, bool wrongCode, bool retryBackoff, Action<string> log, CancellationToken cancellationToken)
    {
        SetupCode code = wrongCode ? new SetupCode((Options.SetupCode.Value + 1) % (SetupCode.MaxValue + 1)) : Options.SetupCode;
        for (int attempt = 0; ; attempt++)
        {
            string folder = Path.Combine(Options.StateDirectory, name + "-" + (++_folders).ToString(CultureInfo.InvariantCulture));
            ControllerState state = ControllerState.Open(folder);
            try
            {
                var commissioner = new Commissioner(state) { PhaseTimeout = Options.StepTimeout };
                CommissioningResult result = await commissioner
                    .CommissionAsync(new OnboardingCode(new Discriminator(0), code), Options.Host, Options.Port, type, null, cancellationToken)
                    .ConfigureAwait(false);
                await using (result.ConfigureAwait(false))
                {
                    using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                    await result.Connection.CloseAsync("conformance: commissioned", closing.Token).ConfigureAwait(false);
                }

                WindowOpen = false;
                Drop(_zones, name);
                Drop(_removed, name);
                _zones[name] = new ZoneHandle(name, state, result.Device);
                log($"commissioned zone {name} ({type.ToOptionName()}): zone ID {result.Device.ZoneId}, device {result.Device.DeviceId}");
                return null;
            }
            catch (CommissioningException ex)
            {
                state.Dispose();
                TimeSpan? wait = RetryAfter(ex);
                if (retryBackoff && attempt == 0 && wait is { } delay)
                {
                    log($"device asks to wait ({ex.Message}); waiting {delay.TotalSeconds:F1} s");
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                return ex;
            }
            catch
            {
                state.Dispose();
                throw;
            }
        }
    }

    /// <summary>TLS options for an operational connection of <paramref name="zone"/> (mutual TLS, SNI = zone ID).</summary>
    public static ProbeTls OperationalTls(ZoneHandle zone)
    {
        MashConnectionOptions options = OperationalClient.CreateOptions(zone.State, zone.Device);
        ServerCertificateValidator check = options.ServerCertificateValidator;
        return new ProbeTls
        {
            ClientCertificate = options.ClientCertificate,
            TargetHost = options.TargetHost,
            Validator = (_, certificate, chain, errors) =>
            {
                if (certificate is null)
                {
                    return false;
                }

                using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                return check(leaf, chain, errors);
            },
        };
    }

    public void Dispose()
    {
        foreach (ZoneHandle zone in _zones.Values)
        {
            zone.State.Dispose();
        }

        foreach (ZoneHandle zone in _removed.Values)
        {
            zone.State.Dispose();
        }

        _zones.Clear();
        _removed.Clear();
    }

    private static void Drop(Dictionary<string, ZoneHandle> zones, string name)
    {
        if (zones.Remove(name, out ZoneHandle? zone))
        {
            zone.State.Dispose();
        }
    }

    private static TimeSpan? RetryAfter(CommissioningException ex) => ex.ErrorCode is { } code ? RetryAfter(code, ex.DeviceText) : null;

    /// <summary>The wait a refusal asks for ("try again in N s" after failed attempts), if any and at most a minute.</summary>
    internal static TimeSpan? RetryAfter(CommissioningErrorCode code, string? deviceText)
    {
        if (code != CommissioningErrorCode.WindowClosed || deviceText is null)
        {
            return null;
        }

        Match m = TryAgain().Match(deviceText);
        return m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds <= 60
            ? TimeSpan.FromSeconds(seconds + 0.3)
            : null;
    }

    [GeneratedRegex(@"try again in (\d+) s")]
    private static partial Regex TryAgain();
}
