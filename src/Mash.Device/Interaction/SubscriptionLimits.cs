namespace Mash.Device.Interaction;

/// <summary>
/// The subscription figures and behaviours this device declares in its PICS (MASH.S.SUB.*,
/// [63] pics/pairing-connection-registry.md section 8). The code enforces exactly these.
/// </summary>
public static class SubscriptionLimits
{
    /// <summary>MASH.S.SUB.MAX_SUBSCRIPTIONS: per connection; one more is RESOURCE_EXHAUSTED.</summary>
    public const int MaxSubscriptions = 10;

    /// <summary>MASH.S.SUB.MAX_ATTRS_PER_SUB: more is RESOURCE_EXHAUSTED.</summary>
    public const int MaxAttributesPerSubscription = 20;

    /// <summary>MASH.S.SUB.MIN_INTERVAL_MIN (seconds; the wire carries milliseconds).</summary>
    public const int MinIntervalMinSeconds = 0;

    /// <summary>MASH.S.SUB.MIN_INTERVAL_MAX.</summary>
    public const int MinIntervalMaxSeconds = 3600;

    /// <summary>MASH.S.SUB.MAX_INTERVAL_MIN.</summary>
    public const int MaxIntervalMinSeconds = 1;

    /// <summary>MASH.S.SUB.MAX_INTERVAL_MAX.</summary>
    public const int MaxIntervalMaxSeconds = 86400;

    /// <summary>minInterval when the request has none ([63] subscription-semantics 1.1).</summary>
    public const int DefaultMinIntervalSeconds = 1;

    /// <summary>
    /// maxInterval when the request has none ([63] subscription-semantics 1.1), raised to the
    /// requested minInterval if that is longer, so a request that only sets a long minInterval is
    /// not refused because of a default it did not choose.
    /// </summary>
    public const int DefaultMaxIntervalSeconds = 60;

    /// <summary>MASH.S.SUB.COALESCE: changes within minInterval are sent once, with the last value.</summary>
    public const string Coalesce = "last_value";

    /// <summary>MASH.S.SUB.BOUNCE_BACK: a value back where it was last reported is not sent.</summary>
    public const int BounceBack = 1;

    /// <summary>
    /// MASH.S.SUB.HEARTBEAT_CONTENT: after maxInterval without a report the device sends a
    /// notification whose key 5 is an empty map. Values already reach the controller as deltas,
    /// and the empty form keeps the heartbeat small for five zones.
    /// </summary>
    public const string HeartbeatContent = "empty";

    /// <summary>
    /// MASH.S.SUB.PRIMING: the current values of every subscribed attribute travel in the
    /// Subscribe response (key 2), not in a separate notification: the reference controller reads
    /// them from the response, and a notification before the response would reach a controller
    /// that does not know the subscription ID yet.
    /// </summary>
    public const int Priming = 1;

    /// <summary>MASH.S.SUB.DELTA_ONLY: change reports carry only the attributes that changed.</summary>
    public const int DeltaOnly = 1;

    /// <summary>MASH.S.SUB.INTERVAL_AUTOCORRECT: invalid intervals are refused with CONSTRAINT_ERROR, never corrected.</summary>
    public const int IntervalAutocorrect = 0;

    /// <summary>Subscriptions end with their connection (transport spec 7.4); none survives a reconnect.</summary>
    public const int PersistReconnect = 0;
}
