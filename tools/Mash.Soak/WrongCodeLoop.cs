using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Mash.Controller.Commissioning;
using Mash.Controller.State;
using Mash.Controller.Transport;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Zones;

namespace Mash.Soak;

/// <summary>
/// Commissioning attempts with a wrong setup code. Every attempt must fail; how it failed (zone
/// table full, window closed, back-off, wrong code, no free connection slot) is counted by phase.
/// A zone reopens the window now and then so that attempts get as far as the device lets them.
/// </summary>
internal sealed class WrongCodeLoop : IDisposable
{
    private static readonly TimeSpan ReopenEvery = TimeSpan.FromSeconds(20);
    private readonly SortedDictionary<string, int> _outcomes = new(StringComparer.Ordinal);
    private readonly ControllerState _state;
    private readonly Commissioner _commissioner;
    private readonly OnboardingCode _wrong;
    private readonly int _port;

    public WrongCodeLoop(string directory, OnboardingCode rightCode, int port)
    {
        _wrong = new OnboardingCode(rightCode.Discriminator, new SetupCode((rightCode.SetupCode.Value + 1) % 100_000_000));
        _state = ControllerState.Open(Path.Combine(directory, "wrong-code"));
        _commissioner = new Commissioner(_state) { PhaseTimeout = TimeSpan.FromSeconds(5) };
        _port = port;
    }

    public int Attempts { get; private set; }

    public int Succeeded { get; private set; }

    /// <summary>Outcome (prefixed with the phase) and how often.</summary>
    public IReadOnlyDictionary<string, int> Outcomes => _outcomes;

    /// <summary>Attempts until <paramref name="stop"/>, reopening the window through <paramref name="reopenWindow"/> every 20 s.</summary>
    public async Task RunAsync(string phase, Func<Task> reopenWindow, CancellationToken stop)
    {
        DateTime nextReopen = DateTime.UtcNow;
        while (!stop.IsCancellationRequested)
        {
            if (DateTime.UtcNow >= nextReopen)
            {
                await reopenWindow().ConfigureAwait(false);
                nextReopen = DateTime.UtcNow + ReopenEvery;
            }

            if (!await AttemptAsync(phase, stop).ConfigureAwait(false))
            {
                break;
            }

            try
            {
                await Task.Delay(100, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One attempt; false if it was cancelled.</summary>
    public async Task<bool> AttemptAsync(string phase, CancellationToken stop)
    {
        Attempts++;
        string outcome;
        try
        {
            await using CommissioningResult unexpected = await _commissioner.CommissionAsync(_wrong, "::1", _port, ZoneType.UserApp, null, stop).ConfigureAwait(false);
            Succeeded++;
            outcome = "paired with a wrong code (BUG)";
        }
        catch (CommissioningException ex)
        {
            outcome = ex.ErrorCode is { } code ? "refused: " + code : $"failed at {ex.Step}, no answer from the device ({ex.InnerException?.GetType().Name ?? "closed"})";
        }
        catch (Exception ex) when (ex is MashConnectionException or IOException or TimeoutException or SocketException)
        {
            outcome = "connection failed (" + ex.GetType().Name + ")";
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Attempts--;
            return false;
        }

        string key = phase + ": " + outcome;
        _outcomes[key] = _outcomes.GetValueOrDefault(key) + 1;
        return true;
    }

    public void Dispose() => _state.Dispose();
}
