namespace Mash.Protocol.Pics;

/// <summary>One code of the registry, as a row of one of its documents defines it.</summary>
/// <param name="Code">The code in the registry's spelling.</param>
/// <param name="Description">The Description column (for attributes and commands: the name).</param>
/// <param name="Values">What a PICS may declare.</param>
/// <param name="Conformance">When it must or may be declared.</param>
/// <param name="Source">Where the row is: "document:line".</param>
public sealed record PicsRegistryEntry(string Code, string Description, PicsAllowedValues Values, PicsConformance Conformance, string Source)
{
    /// <summary>"S" or "C".</summary>
    public string Side => PicsCodes.Side(Code);

    /// <summary>The feature segment ("TRANS"), or null for MASH.S / MASH.C.</summary>
    public string? Feature => PicsCodes.Feature(Code);

    public override string ToString() => Code + " (" + Description + ")";
}
