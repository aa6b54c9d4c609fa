namespace Mash.Protocol.Pics;

/// <summary>The "Conformance" column of a registry row.</summary>
public enum PicsConformanceKind
{
    /// <summary><c>M</c>: every implementation of the feature declares it (<c>M (must be 1)</c>: with value 1).</summary>
    Mandatory,

    /// <summary><c>O</c>, or no Conformance column: may be declared.</summary>
    Optional,

    /// <summary><c>-</c>: a run-time figure (e.g. the current zone count); never required.</summary>
    Runtime,

    /// <summary><c>M if X</c>: mandatory while X holds, optional otherwise.</summary>
    MandatoryIf,

    /// <summary><c>O if X</c>: optional while X holds; declared supported while X is false is an error.</summary>
    OptionalIf,

    /// <summary><c>[X]</c>: only for implementations where X holds; declared supported while X is false is an error.</summary>
    AllowedIf,
}
