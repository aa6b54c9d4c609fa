namespace Mash.Protocol.Pics;

/// <summary>How a PICS value is written.</summary>
public enum PicsValueKind
{
    /// <summary>Digits, optionally with a decimal part (<c>1</c>, <c>8443</c>, <c>0.25</c>).</summary>
    Number,

    /// <summary>A double-quoted string (<c>"P-256"</c>).</summary>
    QuotedString,

    /// <summary>Anything else, e.g. <c>true</c> or an unquoted word; the format does not define these.</summary>
    Word,
}
