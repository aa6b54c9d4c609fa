using System.Collections.Generic;

namespace Mash.Controller.Conformance;

/// <summary>
/// One step: the action in <see cref="Do"/> and its parameters. Every numeric parameter is an
/// expression: numbers, <c>${pics:CODE}</c> (the declared value), <c>${name}</c> (a saved
/// variable) joined by + - * (seconds unless the name says milliseconds).
/// </summary>
public sealed class ConformanceStep
{
    /// <summary>The action, one of <see cref="StepActions.All"/>.</summary>
    public string Do { get; set; } = string.Empty;

    /// <summary>Why the step is there, shown in the log.</summary>
    public string? Note { get; set; }

    /// <summary>Connection name within the case (default "c").</summary>
    public string? Conn { get; set; }

    /// <summary>Zone name within the run (default "main", commissioned as grid-operator when first needed).</summary>
    public string? Zone { get; set; }

    /// <summary>Zone type for commission: grid-operator, building-manager, home-manager, user-app.</summary>
    public string? ZoneType { get; set; }

    /// <summary>connect: operational (default, mutual TLS for Zone) or commissioning (no client certificate).</summary>
    public string? Mode { get; set; }

    /// <summary>connect / expect_tls: "1.3" (default) or "1.2".</summary>
    public string? Tls { get; set; }

    /// <summary>connect: TLS 1.3 suites offered; expect_tls: suites acceptable.</summary>
    public List<string>? Suites { get; set; }

    /// <summary>openssl_connect: key exchange groups offered (openssl names: P-256, X25519, P-521).</summary>
    public List<string>? Groups { get; set; }

    /// <summary>openssl_connect: the group the device must choose (default: the only one offered, if just one).</summary>
    public string? Group { get; set; }

    /// <summary>ALPN protocols offered (default [mash/1]; [] offers none); expect_tls: the one negotiated.</summary>
    public List<string>? Alpn { get; set; }

    /// <summary>connect / openssl_connect: ok or refused; commission: ok or the error (confirmation_failed, busy, window_closed, zone_full, ...).</summary>
    public string? Expect { get; set; }

    /// <summary>commission: right (default) or wrong setup code.</summary>
    public string? Code { get; set; }

    /// <summary>send_raw: bytes as hex; send_frame: the payload as hex (the length is added).</summary>
    public string? Hex { get; set; }

    /// <summary>Deadline in seconds from the step's start.</summary>
    public string? Within { get; set; }

    /// <summary>Earliest acceptable arrival, seconds from the step's start.</summary>
    public string? NotBefore { get; set; }

    /// <summary>expect_quiet / expect_no_notification: how long, in seconds.</summary>
    public string? For { get; set; }

    /// <summary>wait: seconds; test_trigger: the trigger's argument in seconds.</summary>
    public string? Seconds { get; set; }

    public string? Endpoint { get; set; }

    public string? Feature { get; set; }

    /// <summary>read / subscribe: attribute IDs (empty or absent: all).</summary>
    public List<string>? Attributes { get; set; }

    /// <summary>subscribe: key 2, milliseconds.</summary>
    public string? MinIntervalMs { get; set; }

    /// <summary>subscribe: key 3, milliseconds.</summary>
    public string? MaxIntervalMs { get; set; }

    /// <summary>invoke: command ID.</summary>
    public string? Command { get; set; }

    /// <summary>invoke: parameters by name; values are numbers, true, false, null, hex:.. for bytes, else text.</summary>
    public Dictionary<string, string?>? Params { get; set; }

    /// <summary>read / subscribe / expect_notification: expected attribute values (any: present with any value; absent: not present); write: values to write.</summary>
    public Dictionary<string, string?>? Values { get; set; }

    /// <summary>invoke: expected entries of the result map.</summary>
    public Dictionary<string, string?>? Result { get; set; }

    /// <summary>Expected status name or number, alternatives joined by '|' (default SUCCESS).</summary>
    public string? Status { get; set; }

    /// <summary>Text the response's error message must contain.</summary>
    public string? Text { get; set; }

    /// <summary>subscribe: variable that receives the subscription ID.</summary>
    public string? Save { get; set; }

    /// <summary>unsubscribe / expect_notification: subscription ID (usually ${name}).</summary>
    public string? Subscription { get; set; }

    /// <summary>Runs the step this many times (variable ${i} counts from 1).</summary>
    public string? Repeat { get; set; }

    /// <summary>test_trigger: shorten_failsafe, shorten_durations, connection_loss or restore_timers.</summary>
    public string? Trigger { get; set; }

    /// <summary>expect_notification: a heartbeat, i.e. no attribute values.</summary>
    public bool? Empty { get; set; }

    /// <summary>read: pad the request with an unknown key to exactly this many bytes.</summary>
    public string? PadTo { get; set; }

    /// <summary>ping: the sequence number sent.</summary>
    public string? Sequence { get; set; }

    /// <summary>expect_response: the message ID the response must carry.</summary>
    public string? MessageId { get; set; }

    /// <summary>remove_zone: the zone removed (default: the asking zone itself); list_zones: unused.</summary>
    public string? Target { get; set; }

    /// <summary>list_zones: expected number of zones; fill_zones / connection_limit: the total.</summary>
    public string? Count { get; set; }

    public override string ToString() => Do;
}
