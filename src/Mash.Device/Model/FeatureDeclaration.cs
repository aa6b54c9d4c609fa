using System;
using Mash.Protocol.Wire;

namespace Mash.Device.Model;

/// <summary>
/// Everything about one feature that does not change at run time: its wire ID (the reference's
/// numbering, which mash-go clients put on the wire), its [63] registry ID and PICS code (for the
/// PICS), its revision and featureMap, its attributes and commands. The global attributes are
/// generated here once, so the attributeList and command lists are exactly what is served.
/// </summary>
public sealed class FeatureDeclaration
{
    private readonly AttributeDeclaration[] _attributes;
    private readonly CommandDeclaration[] _commands;
    private readonly ushort[] _events;
    private readonly ushort[] _attributeIds;
    private readonly CborValue[] _globalValues;

    public FeatureDeclaration(
        byte id,
        string name,
        ushort registryId,
        string picsCode,
        ushort revision,
        uint featureMap,
        AttributeDeclaration[] attributes,
        CommandDeclaration[]? commands = null,
        ushort[]? events = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(picsCode);
        ArgumentNullException.ThrowIfNull(attributes);
        if (id == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(id), "feature ID 0 addresses unsubscribe, not a feature");
        }

        Id = id;
        Name = name;
        RegistryId = registryId;
        PicsCode = picsCode;
        Revision = revision;
        FeatureMap = featureMap;
        _attributes = (AttributeDeclaration[])attributes.Clone();
        _commands = commands is null ? new CommandDeclaration[0] : (CommandDeclaration[])commands.Clone();
        _events = events is null ? new ushort[0] : (ushort[])events.Clone();
        CheckAttributes();
        CheckCommands();
        _attributeIds = BuildAttributeIds();
        _globalValues = BuildGlobalValues();
    }

    /// <summary>The ID on the wire (reference numbering: DeviceInfo 1 ... EnergyControl 5).</summary>
    public byte Id { get; }

    /// <summary>The name tools address it by ("energyControl").</summary>
    public string Name { get; }

    /// <summary>The ID in the [63] feature registry (DeviceInfo 6, Status 5, Electrical 1, ...).</summary>
    public ushort RegistryId { get; }

    /// <summary>The PICS feature code of [63] pics-format.md ("CTRL").</summary>
    public string PicsCode { get; }

    /// <summary>clusterRevision.</summary>
    public ushort Revision { get; }

    public uint FeatureMap { get; }

    /// <summary>The feature's own attributes (without the globals), in ascending ID order (a copy).</summary>
    public AttributeDeclaration[] Attributes => (AttributeDeclaration[])_attributes.Clone();

    /// <summary>The commands in declared order (a copy).</summary>
    public CommandDeclaration[] Commands => (CommandDeclaration[])_commands.Clone();

    /// <summary>The event IDs (a copy).</summary>
    public ushort[] Events => (ushort[])_events.Clone();

    /// <summary>Every attribute ID served, globals included, ascending: the attributeList value (a copy).</summary>
    public ushort[] AttributeIds => (ushort[])_attributeIds.Clone();

    /// <summary>The own attributes without a copy, for the model and the interaction layer; never modified.</summary>
    internal AttributeDeclaration[] AttributeTable => _attributes;

    /// <summary>The attributeList without a copy, for the interaction layer; never modified.</summary>
    internal ushort[] AttributeIdTable => _attributeIds;

    /// <summary>An own or global attribute by ID.</summary>
    public AttributeDeclaration? FindAttribute(ushort id)
    {
        if (id >= AttributeDeclaration.FirstGlobalId)
        {
            return GlobalAttributes.Find(id);
        }

        for (int i = 0; i < _attributes.Length; i++)
        {
            if (_attributes[i].Id == id)
            {
                return _attributes[i];
            }
        }

        return null;
    }

    /// <summary>An own or global attribute by name, ignoring case.</summary>
    public AttributeDeclaration? FindAttribute(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (int i = 0; i < _attributes.Length; i++)
        {
            if (Names.SameIgnoringCase(_attributes[i].Name, name))
            {
                return _attributes[i];
            }
        }

        AttributeDeclaration[] globals = GlobalAttributes.All;
        for (int i = 0; i < globals.Length; i++)
        {
            if (Names.SameIgnoringCase(globals[i].Name, name))
            {
                return globals[i];
            }
        }

        return null;
    }

    public CommandDeclaration? FindCommand(byte id)
    {
        for (int i = 0; i < _commands.Length; i++)
        {
            if (_commands[i].Id == id)
            {
                return _commands[i];
            }
        }

        return null;
    }

    public CommandDeclaration? FindCommand(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (int i = 0; i < _commands.Length; i++)
        {
            if (Names.SameIgnoringCase(_commands[i].Name, name))
            {
                return _commands[i];
            }
        }

        return null;
    }

    /// <summary>The generated value of a global attribute (shared and immutable).</summary>
    public CborValue GlobalValue(ushort id)
    {
        if (id < AttributeDeclaration.FirstGlobalId || GlobalAttributes.Find(id) is null)
        {
            throw new ArgumentOutOfRangeException(nameof(id), "not a global attribute: " + id);
        }

        return _globalValues[GlobalIndex(id)];
    }

    public override string ToString() => Name + " (" + Id + ")";

    private static int GlobalIndex(ushort id) => id - GlobalAttributes.EventList;

    private void CheckAttributes()
    {
        for (int i = 0; i < _attributes.Length; i++)
        {
            AttributeDeclaration a = _attributes[i] ?? throw new ArgumentException("null attribute in " + Name);
            if (a.IsGlobal)
            {
                throw new ArgumentException(Name + ": attribute " + a + " is in the global range; globals are generated");
            }

            if (i > 0 && _attributes[i - 1].Id >= a.Id)
            {
                throw new ArgumentException(Name + ": attributes must be declared in ascending ID order, without duplicates (" + a + ")");
            }

            for (int j = 0; j < i; j++)
            {
                if (Names.SameIgnoringCase(_attributes[j].Name, a.Name))
                {
                    throw new ArgumentException(Name + ": attribute name " + a.Name + " declared twice");
                }
            }
        }
    }

    private void CheckCommands()
    {
        for (int i = 0; i < _commands.Length; i++)
        {
            CommandDeclaration c = _commands[i] ?? throw new ArgumentException("null command in " + Name);
            for (int j = 0; j < i; j++)
            {
                if (_commands[j].Id == c.Id || Names.SameIgnoringCase(_commands[j].Name, c.Name))
                {
                    throw new ArgumentException(Name + ": command " + c + " declared twice");
                }
            }
        }
    }

    private ushort[] BuildAttributeIds()
    {
        AttributeDeclaration[] globals = GlobalAttributes.All;
        var ids = new ushort[_attributes.Length + globals.Length];
        for (int i = 0; i < _attributes.Length; i++)
        {
            ids[i] = _attributes[i].Id;
        }

        for (int i = 0; i < globals.Length; i++)
        {
            ids[_attributes.Length + i] = globals[i].Id;
        }

        return ids;
    }

    private CborValue[] BuildGlobalValues()
    {
        var values = new CborValue[GlobalAttributes.ClusterRevision - GlobalAttributes.EventList + 1];
        values[GlobalIndex(GlobalAttributes.ClusterRevision)] = CborValue.FromUInt64(Revision);
        values[GlobalIndex(GlobalAttributes.FeatureMap)] = CborValue.FromUInt64(FeatureMap);

        var attributeIds = new CborValue[_attributeIds.Length];
        for (int i = 0; i < attributeIds.Length; i++)
        {
            attributeIds[i] = CborValue.FromUInt64(_attributeIds[i]);
        }

        values[GlobalIndex(GlobalAttributes.AttributeList)] = CborValue.FromArray(attributeIds);

        var accepted = new CborValue[_commands.Length];
        int generatedCount = 0;
        for (int i = 0; i < _commands.Length; i++)
        {
            accepted[i] = CborValue.FromUInt64(_commands[i].Id);
            if (_commands[i].HasResult)
            {
                generatedCount++;
            }
        }

        // MASH has no separate response commands: a command that answers with a result map is
        // listed as generating a response under its own ID, as the [63] discovery.md example does.
        var generated = new CborValue[generatedCount];
        for (int i = 0, g = 0; i < _commands.Length; i++)
        {
            if (_commands[i].HasResult)
            {
                generated[g++] = accepted[i];
            }
        }

        values[GlobalIndex(GlobalAttributes.AcceptedCommandList)] = CborValue.FromArray(accepted);
        values[GlobalIndex(GlobalAttributes.GeneratedCommandList)] = CborValue.FromArray(generated);

        var events = new CborValue[_events.Length];
        for (int i = 0; i < events.Length; i++)
        {
            events[i] = CborValue.FromUInt64(_events[i]);
        }

        values[GlobalIndex(GlobalAttributes.EventList)] = CborValue.FromArray(events);
        return values;
    }
}
