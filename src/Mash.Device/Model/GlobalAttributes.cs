namespace Mash.Device.Model;

/// <summary>
/// The six global attributes every feature serves ([63] discovery.md 4.1). Their values are
/// generated from the <see cref="FeatureDeclaration"/>, never written by hand, so they cannot
/// disagree with what the feature serves.
/// </summary>
public static class GlobalAttributes
{
    public const ushort EventList = 0xFFF8;
    public const ushort GeneratedCommandList = 0xFFF9;
    public const ushort AcceptedCommandList = 0xFFFA;
    public const ushort AttributeList = 0xFFFB;
    public const ushort FeatureMap = 0xFFFC;
    public const ushort ClusterRevision = 0xFFFD;

    /// <summary>In ascending ID order; never modified.</summary>
    internal static readonly AttributeDeclaration[] All =
    {
        new AttributeDeclaration(EventList, "eventList", AttributeType.Array),
        new AttributeDeclaration(GeneratedCommandList, "generatedCommandList", AttributeType.Array),
        new AttributeDeclaration(AcceptedCommandList, "acceptedCommandList", AttributeType.Array),
        new AttributeDeclaration(AttributeList, "attributeList", AttributeType.Array),
        new AttributeDeclaration(FeatureMap, "featureMap", AttributeType.UInt32),
        new AttributeDeclaration(ClusterRevision, "clusterRevision", AttributeType.UInt16),
    };

    /// <summary>In ascending ID order (a copy).</summary>
    public static AttributeDeclaration[] Declarations => (AttributeDeclaration[])All.Clone();

    public static AttributeDeclaration? Find(ushort id)
    {
        for (int i = 0; i < All.Length; i++)
        {
            if (All[i].Id == id)
            {
                return All[i];
            }
        }

        return null;
    }
}
