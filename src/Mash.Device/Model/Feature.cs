using System;
using Mash.Protocol.Wire;

namespace Mash.Device.Model;

/// <summary>
/// The run-time side of one declared feature: serves the values of its own attributes, applies
/// writes and runs commands. The interaction layer has already checked the address, the type and
/// the declared range; global attributes are served from the declaration and never reach here.
/// A feature reports every change of a served value with <see cref="RaiseChanged"/>, which is how
/// subscriptions learn of it.
/// </summary>
public abstract class Feature
{
    private DeviceModel? _model;

    protected Feature(FeatureDeclaration declaration)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        Declaration = declaration;
    }

    public FeatureDeclaration Declaration { get; }

    /// <summary>The endpoint this feature is on; set when the model is built.</summary>
    public byte EndpointId { get; private set; }

    /// <summary>The current value of an own or global attribute for <paramref name="requester"/>.</summary>
    public CborValue Read(ushort attributeId, Requester requester)
    {
        if (attributeId >= AttributeDeclaration.FirstGlobalId)
        {
            return Declaration.GlobalValue(attributeId);
        }

        AttributeDeclaration attribute = Declaration.FindAttribute(attributeId)
            ?? throw new ArgumentOutOfRangeException(nameof(attributeId), Declaration.Name + " has no attribute " + attributeId);
        return ReadAttribute(attribute, requester);
    }

    /// <summary>The value of a declared own attribute; never null (use <see cref="CborValue.Null"/>).</summary>
    protected internal abstract CborValue ReadAttribute(AttributeDeclaration attribute, Requester requester);

    /// <summary>
    /// Checks a write beyond type and range (which are already checked), without changing
    /// anything; every attribute of a write is checked before any is applied, so a refused write
    /// leaves all state as it was.
    /// </summary>
    protected internal virtual StatusCode CheckWrite(AttributeDeclaration attribute, CborValue value, Requester requester, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        problem = null;
        return StatusCode.Success;
    }

    /// <summary>Applies a write that passed every check. Only called for attributes declared writable.</summary>
    protected internal virtual StatusCode WriteAttribute(AttributeDeclaration attribute, CborValue value, Requester requester, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        problem = attribute.Name + " is read-only";
        return StatusCode.ReadOnly;
    }

    /// <summary>Runs a declared command with checked arguments.</summary>
    protected internal virtual InvokeResult Invoke(CommandDeclaration command, CommandArguments arguments, Requester requester)
    {
        ArgumentNullException.ThrowIfNull(command);
        return InvokeResult.Failure(StatusCode.InvalidCommand, Declaration.Name + " does not implement " + command.Name);
    }

    /// <summary>Tells subscriptions that an attribute's value may have changed (they compare values themselves).</summary>
    protected void RaiseChanged(ushort attributeId) => _model?.OnAttributeChanged(this, attributeId);

    internal void Attach(DeviceModel model, byte endpointId)
    {
        if (_model is not null)
        {
            throw new InvalidOperationException(Declaration.Name + " already belongs to a model");
        }

        _model = model;
        EndpointId = endpointId;
    }
}
