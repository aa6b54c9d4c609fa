using System;
using System.Collections.Generic;

namespace Mash.Controller.Conformance;

/// <summary>The runner's fixed step vocabulary (conformance/README.md describes each).</summary>
public static class StepActions
{
    public const string Connect = "connect";
    public const string ExpectTls = "expect_tls";
    public const string OpensslConnect = "openssl_connect";
    public const string SendRaw = "send_raw";
    public const string SendFrame = "send_frame";
    public const string ExpectClosed = "expect_closed";
    public const string ExpectQuiet = "expect_quiet";
    public const string Ping = "ping";
    public const string ExpectPing = "expect_ping";
    public const string Close = "close";
    public const string Drop = "drop";
    public const string Read = "read";
    public const string Write = "write";
    public const string Subscribe = "subscribe";
    public const string Unsubscribe = "unsubscribe";
    public const string Invoke = "invoke";
    public const string ExpectResponse = "expect_response";
    public const string ExpectNotification = "expect_notification";
    public const string ExpectNoNotification = "expect_no_notification";
    public const string Wait = "wait";
    public const string Commission = "commission";
    public const string OpenWindow = "open_window";
    public const string RemoveZone = "remove_zone";
    public const string ListZones = "list_zones";
    public const string FillZones = "fill_zones";
    public const string TestTrigger = "test_trigger";
    public const string ConnectionLimit = "connection_limit";

    /// <summary>Each action with the parameters it cannot do without.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Required = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [Connect] = [],
        [ExpectTls] = [],
        [OpensslConnect] = ["groups"],
        [SendRaw] = ["hex"],
        [SendFrame] = ["hex"],
        [ExpectClosed] = ["within"],
        [ExpectQuiet] = ["for"],
        [Ping] = [],
        [ExpectPing] = ["within"],
        [Close] = [],
        [Drop] = [],
        [Read] = ["endpoint", "feature"],
        [Write] = ["endpoint", "feature", "values"],
        [Subscribe] = ["endpoint", "feature"],
        [Unsubscribe] = ["subscription"],
        [Invoke] = ["endpoint", "feature", "command"],
        [ExpectResponse] = [],
        [ExpectNotification] = ["within"],
        [ExpectNoNotification] = ["for"],
        [Wait] = ["seconds"],
        [Commission] = [],
        [OpenWindow] = [],
        [RemoveZone] = [],
        [ListZones] = [],
        [FillZones] = ["count"],
        [TestTrigger] = ["trigger"],
        [ConnectionLimit] = ["count"],
    };

    public static IEnumerable<string> All => Required.Keys;
}
