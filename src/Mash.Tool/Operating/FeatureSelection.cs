using System;
using System.Collections.Generic;
using Mash.Device.Model;
using Mash.Protocol.Wire;

namespace Mash.Tool.Operating;

/// <summary>One feature to read or subscribe to, and which of its attributes (none listed: all).</summary>
internal sealed class FeatureSelection
{
    private readonly List<ushort> _attributes = [];

    public FeatureSelection(byte id, FeatureDeclaration? declaration)
    {
        Id = id;
        Declaration = declaration;
    }

    public byte Id { get; }

    public FeatureDeclaration? Declaration { get; }

    /// <summary>Empty means every attribute.</summary>
    public IReadOnlyList<ushort> AttributeIds => _attributes;

    public string Label => ModelNames.FeatureLabel(Id, Declaration);

    /// <summary>
    /// Resolves the command line's --endpoint, --feature and --attribute: without --feature every
    /// feature of the endpoint, or the features that declare the named attributes.
    /// </summary>
    public static (byte Endpoint, IReadOnlyList<FeatureSelection> Features) Resolve(byte? endpoint, string? feature, IReadOnlyList<string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        byte endpointId = ModelNames.ChooseEndpoint(endpoint, feature);
        var selected = new List<FeatureSelection>();
        if (feature is not null)
        {
            (byte id, FeatureDeclaration? declaration) = ModelNames.ResolveFeature(endpointId, feature);
            var one = new FeatureSelection(id, declaration);
            foreach (string attribute in attributes)
            {
                one.Add(ModelNames.ResolveAttribute(declaration, attribute).Id);
            }

            selected.Add(one);
            return (endpointId, selected);
        }

        if (attributes.Count == 0)
        {
            foreach (FeatureDeclaration declaration in ModelNames.AllFeatures(endpointId))
            {
                selected.Add(new FeatureSelection(declaration.Id, declaration));
            }

            return (endpointId, selected);
        }

        foreach (string attribute in attributes)
        {
            FeatureDeclaration owner = ModelNames.FeatureOf(endpointId, attribute);
            FeatureSelection? entry = selected.Find(s => s.Id == owner.Id);
            if (entry is null)
            {
                entry = new FeatureSelection(owner.Id, owner);
                selected.Add(entry);
            }

            entry.Add(ModelNames.ResolveAttribute(owner, attribute).Id);
        }

        return (endpointId, selected);
    }

    /// <summary>Read payload: absent for all attributes, else the bare ID array both revisions use.</summary>
    public CborValue? ReadPayload()
    {
        if (_attributes.Count == 0)
        {
            return null;
        }

        return IdArray();
    }

    /// <summary>The attribute IDs as a CBOR array of unsigned integers.</summary>
    public CborValue IdArray()
    {
        var ids = new CborValue[_attributes.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = CborValue.FromUInt64(_attributes[i]);
        }

        return CborValue.FromArray(ids);
    }

    /// <summary>Shows the attributes of a read or report in a stable order: the requested, else the declared, then the rest by ID.</summary>
    public List<(string Name, CborValue Value, string? Unit, string? Meaning)> Order(CborMap values, bool includeGlobals)
    {
        ArgumentNullException.ThrowIfNull(values);
        var shown = new List<(string, CborValue, string?, string?)>();
        var done = new HashSet<ushort>();

        void Show(ushort id, CborValue value)
        {
            if (done.Add(id))
            {
                AttributeDeclaration? a = Declaration?.FindAttribute(id);
                shown.Add((ModelNames.AttributeLabel(Declaration, id), value, a?.Unit, EnumNames.Describe(Id, id, value)));
            }
        }

        foreach (ushort id in _attributes)
        {
            if (values.TryGetValue(id, out CborValue? value))
            {
                Show(id, value);
            }
        }

        if (Declaration is not null)
        {
            foreach (AttributeDeclaration a in Declaration.Attributes)
            {
                if (values.TryGetValue(a.Id, out CborValue? value))
                {
                    Show(a.Id, value);
                }
            }
        }

        var rest = new SortedDictionary<ulong, (CborKey Key, CborValue Value)>();
        for (int i = 0; i < values.Count; i++)
        {
            CborKey key = values.GetKey(i);
            if (key.TryGetUInt64(out ulong id) && id <= ushort.MaxValue)
            {
                bool global = id >= AttributeDeclaration.FirstGlobalId;
                if (!done.Contains((ushort)id) && (!global || includeGlobals || _attributes.Count > 0))
                {
                    rest[id] = (key, values.GetValue(i));
                }
            }
        }

        foreach (KeyValuePair<ulong, (CborKey Key, CborValue Value)> entry in rest)
        {
            Show((ushort)entry.Key, entry.Value.Value);
        }

        return shown;
    }

    private void Add(ushort id)
    {
        if (!_attributes.Contains(id))
        {
            _attributes.Add(id);
        }
    }
}
