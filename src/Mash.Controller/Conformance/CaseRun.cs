using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Mash.Protocol.Pics;
using Mash.Protocol.Wire;

namespace Mash.Controller.Conformance;

/// <summary>
/// Runs the steps of one case: keeps its connections and variables, evaluates parameters, and
/// turns every mismatch into a <see cref="StepFailedException"/> that says what was expected and
/// what came. Split by topic: transport, interaction, zones.
/// </summary>
internal sealed partial class CaseRun
{
    private const string DefaultConnection = "c";

    private readonly ConformanceCase _case;
    private readonly DeviceSession _session;
    private readonly CancellationToken _cancel;
    private readonly Dictionary<string, ProbeConnection> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, uint> _messageIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _connectionZones = new(StringComparer.Ordinal);
    private readonly List<string> _log = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public CaseRun(ConformanceCase testCase, DeviceSession session, CancellationToken cancel)
    {
        _case = testCase;
        _session = session;
        _cancel = cancel;
    }

    public IReadOnlyList<string> Log => _log;

    private ConformanceOptions Options => _session.Options;

    private PicsFile Pics => Options.Pics;

    /// <summary>Runs the steps, then the cleanup steps and closes every connection, whatever happened.</summary>
    public async Task RunAsync()
    {
        try
        {
            await RunStepsAsync(_case.Steps, "step").ConfigureAwait(false);
        }
        finally
        {
            try
            {
                await RunStepsAsync(_case.Cleanup, "cleanup").ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is StepFailedException or CaseSkippedException)
            {
                Note("cleanup failed: " + ex.Message);
            }
            finally
            {
                await CloseAllAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task RunStepsAsync(List<ConformanceStep> steps, string kind)
    {
        for (int i = 0; i < steps.Count; i++)
        {
            ConformanceStep step = steps[i];
            int times = step.Repeat is null ? 1 : Int(step.Repeat);
            for (int n = 1; n <= times; n++)
            {
                _variables["i"] = n.ToString(CultureInfo.InvariantCulture);
                string label = string.Format(CultureInfo.InvariantCulture, "{0} {1}{2} {3}", kind, i + 1, times > 1 ? "." + n.ToString(CultureInfo.InvariantCulture) : string.Empty, step.Do);
                Note(label + (step.Note is null ? string.Empty : " (" + step.Note + ")"));
                try
                {
                    await ExecuteAsync(step).ConfigureAwait(false);
                }
                catch (StepFailedException ex)
                {
                    throw new StepFailedException(label + ": " + ex.Message, ex);
                }
                catch (FormatException ex)
                {
                    throw new StepFailedException(label + ": bad parameter: " + ex.Message, ex);
                }
                catch (TimeoutException ex)
                {
                    throw new StepFailedException(label + ": " + ex.Message, ex);
                }
            }
        }
    }

    private Task ExecuteAsync(ConformanceStep s) => s.Do switch
    {
        StepActions.Connect => ConnectAsync(s),
        StepActions.ExpectTls => ExpectTls(s),
        StepActions.OpensslConnect => OpensslConnectAsync(s),
        StepActions.SendRaw => Connection(s).SendRawAsync(Hex(s.Hex!), _cancel),
        StepActions.SendFrame => Connection(s).SendFrameAsync(Hex(s.Hex!), _cancel),
        StepActions.ExpectClosed => ExpectClosedAsync(s),
        StepActions.ExpectQuiet => ExpectQuietAsync(s),
        StepActions.Ping => PingAsync(s),
        StepActions.ExpectPing => ExpectPingAsync(s),
        StepActions.Close => CloseAsync(s),
        StepActions.Drop => DropAsync(s),
        StepActions.Read => ReadAsync(s),
        StepActions.Write => WriteAsync(s),
        StepActions.Subscribe => SubscribeAsync(s),
        StepActions.Unsubscribe => UnsubscribeAsync(s),
        StepActions.Invoke => InvokeAsync(s),
        StepActions.ExpectResponse => ExpectResponseAsync(s),
        StepActions.ExpectNotification => ExpectNotificationAsync(s),
        StepActions.ExpectNoNotification => ExpectNoNotificationAsync(s),
        StepActions.Wait => Task.Delay(Seconds(s.Seconds!), _cancel),
        StepActions.Commission => CommissionAsync(s),
        StepActions.OpenWindow => OpenWindowAsync(s),
        StepActions.RemoveZone => RemoveZoneAsync(s),
        StepActions.ListZones => ListZonesAsync(s),
        StepActions.FillZones => FillZonesAsync(s),
        StepActions.TestTrigger => TestTriggerAsync(s),
        StepActions.ConnectionLimit => ConnectionLimitAsync(s),
        _ => throw new StepFailedException("unknown action " + s.Do),
    };

    private void Note(string line) =>
        _log.Add(string.Format(CultureInfo.InvariantCulture, "[{0,6:F2}s] {1}", _clock.Elapsed.TotalSeconds, line));

    private ProbeConnection Connection(ConformanceStep s)
    {
        string name = s.Conn ?? DefaultConnection;
        return _connections.TryGetValue(name, out ProbeConnection? c)
            ? c
            : throw new StepFailedException($"no connection \"{name}\" (connect it first)");
    }

    private uint NextMessageId(string connection)
    {
        _messageIds.TryGetValue(connection, out uint last);
        uint next = last == uint.MaxValue ? 1 : last + 1;
        _messageIds[connection] = next;
        return next;
    }

    private async Task CloseAllAsync()
    {
        foreach (ProbeConnection c in _connections.Values)
        {
            if (c.Ended is null)
            {
                try
                {
                    await c.SendControlAsync(new ControlMessage(ControlMessageType.Close), _cancel).ConfigureAwait(false);
                    await c.TakeAsync(f => f.Control is { Type: ControlMessageType.CloseAck or ControlMessageType.Close }, TimeSpan.FromSeconds(2), _cancel).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is StepFailedException or OperationCanceledException)
                {
                    // Closing anyway.
                }
            }

            await c.DisposeAsync().ConfigureAwait(false);
        }

        _connections.Clear();
    }

    // ---- parameters ----

    private decimal? Lookup(string name)
    {
        if (name.StartsWith("pics:", StringComparison.Ordinal))
        {
            string code = name[5..];
            PicsEntry entry = Pics.Find(code) ?? throw new FormatException($"${{{name}}}: the PICS does not declare {code}");
            return entry.Value.Kind == PicsValueKind.Number ? entry.Value.Number : throw new FormatException($"${{{name}}}: {code}={entry.Value.Text} is not a number");
        }

        return _variables.TryGetValue(name, out string? text) && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal value)
            ? value
            : null;
    }

    private decimal Number(string expression) => Expression.Evaluate(expression, Lookup);

    private int Int(string expression)
    {
        decimal value = Number(expression);
        return decimal.Truncate(value) == value && value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new FormatException($"\"{expression}\" = {value} is not a whole number");
    }

    private TimeSpan Seconds(string expression) => TimeSpan.FromSeconds((double)Number(expression));

    private TimeSpan SecondsOr(string? expression, TimeSpan fallback) => expression is null ? fallback : Seconds(expression);

    /// <summary>Replaces ${name} and ${pics:CODE} inside text values.</summary>
    private string Substitute(string text)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            int start = text.IndexOf("${", i, StringComparison.Ordinal);
            if (start < 0)
            {
                result.Append(text, i, text.Length - i);
                break;
            }

            int end = text.IndexOf('}', start);
            if (end < 0)
            {
                throw new FormatException($"\"{text}\": ${{ without }}");
            }

            result.Append(text, i, start - i);
            string name = text[(start + 2)..end].Trim();
            if (name.StartsWith("pics:", StringComparison.Ordinal))
            {
                result.Append(Pics.Find(name[5..])?.Value.Content ?? throw new FormatException($"the PICS does not declare {name[5..]}"));
            }
            else
            {
                result.Append(_variables.TryGetValue(name, out string? value) ? value : throw new FormatException($"no variable {name}"));
            }

            i = end + 1;
        }

        return result.ToString();
    }

    private byte[] Hex(string hex)
    {
        string digits = Substitute(hex).Replace(" ", string.Empty, StringComparison.Ordinal);
        return Convert.FromHexString(digits);
    }

    /// <summary>A step value as CBOR: null, true, false, a number (or expression), hex:..., else text.</summary>
    private CborValue Value(string? text)
    {
        if (text is null || text == "null")
        {
            return CborValue.Null;
        }

        if (text is "true" or "false")
        {
            return CborValue.FromBoolean(text == "true");
        }

        if (text.StartsWith("hex:", StringComparison.Ordinal))
        {
            return CborValue.FromBytes(Hex(text[4..]));
        }

        if (text.StartsWith("text:", StringComparison.Ordinal))
        {
            return CborValue.FromText(Substitute(text[5..]));
        }

        if (LooksNumeric(text))
        {
            decimal n = Number(text);
            return n < 0 ? CborValue.FromInt64((long)n) : CborValue.FromUInt64((ulong)n);
        }

        return CborValue.FromText(Substitute(text));
    }

    private static bool LooksNumeric(string text)
    {
        string t = text.Trim();
        return t.Length > 0 && (char.IsAsciiDigit(t[0]) || t.StartsWith("${", StringComparison.Ordinal) || (t[0] == '-' && t.Length > 1));
    }

    /// <summary>Checks an actual value against a step's expectation (any, absent, null, number, bool, text).</summary>
    private string? Mismatch(string key, string? expected, CborValue? actual)
    {
        switch (expected)
        {
            case "any":
                return actual is null ? $"{key} missing" : null;
            case "absent":
                return actual is null ? null : $"{key} present ({actual}) but expected absent";
            default:
                break;
        }

        if (actual is null)
        {
            return $"{key} missing (expected {expected ?? "null"})";
        }

        CborValue want = Value(expected);
        bool same = want.Kind == CborValueKind.Integral && actual.Kind == CborValueKind.Integral
            ? (want.IsNegative ? want.AsInt64() : (decimal)want.AsUInt64()) == (actual.IsNegative ? actual.AsInt64() : (decimal)actual.AsUInt64())
            : want.Equals(actual);
        return same ? null : $"{key} = {actual}, expected {want}";
    }

    private void CheckValues(string what, Dictionary<string, string?>? expected, CborMap actual)
    {
        if (expected is null)
        {
            return;
        }

        var problems = new List<string>();
        foreach (KeyValuePair<string, string?> pair in expected)
        {
            CborValue? value = FindKey(actual, pair.Key);
            if (Mismatch(pair.Key, pair.Value, value) is { } problem)
            {
                problems.Add(problem);
            }
        }

        if (problems.Count > 0)
        {
            throw new StepFailedException($"{what}: {string.Join("; ", problems)} (got {actual})");
        }
    }

    private CborValue? FindKey(CborMap map, string key)
    {
        string k = Substitute(key);
        if (long.TryParse(k, NumberStyles.Integer, CultureInfo.InvariantCulture, out long id))
        {
            return map.TryGetValue(id, out CborValue? byId) ? byId : null;
        }

        return map.TryGetValue(k, out CborValue? byName) ? byName : null;
    }

    private static List<StatusCode> Statuses(string? text)
    {
        if (text is null)
        {
            return [StatusCode.Success];
        }

        var list = new List<StatusCode>();
        foreach (string part in text.Split('|'))
        {
            string p = part.Trim();
            if (int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
            {
                list.Add((StatusCode)number);
            }
            else if (Enum.TryParse(p.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out StatusCode named))
            {
                list.Add(named);
            }
            else
            {
                throw new FormatException($"unknown status \"{p}\"");
            }
        }

        return list;
    }

    private static string StatusName(StatusCode status) => status.ToString() + " (" + ((int)status).ToString(CultureInfo.InvariantCulture) + ")";
}
