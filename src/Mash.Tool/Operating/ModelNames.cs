using System;
using System.Collections.Generic;
using System.Globalization;
using Mash.Device.Boards;
using Mash.Device.Model;
using Mash.Tool.Commands;

namespace Mash.Tool.Operating;

/// <summary>
/// Turns the names users type (energyControl, effectiveConsumptionLimit, setLimit) into wire IDs,
/// from the same declaration the device serves. Numbers are accepted everywhere, so a device with
/// more than this model still can be addressed; unknown names fail with the valid ones listed.
/// </summary>
internal static class ModelNames
{
    /// <summary>Endpoint 1 unless the user or the feature name says otherwise.</summary>
    public const byte DefaultEndpoint = SmartLoadModel.LoadEndpoint;

    /// <summary>
    /// The load endpoint's type comes from the board, but no name depends on it; the lab command is
    /// declared so that it can be invoked by name on devices that enable it.
    /// </summary>
    public static DeviceDeclaration Declaration { get; } = SmartLoadModel.Declare(EndpointType.WaterHeater, testEventTriggers: true);

    /// <summary>
    /// The endpoint to address: the one given, else the one declaring <paramref name="featureName"/>
    /// (so <c>--feature deviceInfo</c> finds endpoint 0), else <see cref="DefaultEndpoint"/>.
    /// </summary>
    public static byte ChooseEndpoint(byte? given, string? featureName)
    {
        if (given is byte id)
        {
            return id;
        }

        if (featureName is not null && !IsNumber(featureName))
        {
            if (Declaration.FindEndpoint(DefaultEndpoint)?.FindFeature(featureName) is not null)
            {
                return DefaultEndpoint;
            }

            foreach (EndpointDeclaration endpoint in Declaration.Endpoints)
            {
                if (endpoint.FindFeature(featureName) is not null)
                {
                    return endpoint.Id;
                }
            }
        }

        return DefaultEndpoint;
    }

    /// <summary>Every feature declared on the endpoint, for commands that cover them all.</summary>
    /// <exception cref="CommandFailedException">The endpoint is not declared (exit 1).</exception>
    public static IReadOnlyList<FeatureDeclaration> AllFeatures(byte endpointId)
    {
        EndpointDeclaration endpoint = Declaration.FindEndpoint(endpointId)
            ?? throw CommandFailedException.Usage($"endpoint {endpointId} is not in the device model (endpoints: {EndpointList()}); name a feature with --feature");
        return endpoint.Features;
    }

    /// <summary>A feature by name (any case) or wire ID; the declaration is null for an undeclared ID.</summary>
    /// <exception cref="CommandFailedException">An unknown name (exit 1), with the valid names.</exception>
    public static (byte Id, FeatureDeclaration? Declaration) ResolveFeature(byte endpointId, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        EndpointDeclaration? endpoint = Declaration.FindEndpoint(endpointId);
        if (TryParseNumber(text, byte.MaxValue, out ulong number))
        {
            if (number == 0)
            {
                throw CommandFailedException.Usage("feature 0 does not exist (it addresses unsubscribe); features start at 1");
            }

            return ((byte)number, endpoint?.FindFeature((byte)number));
        }

        if (endpoint is null)
        {
            throw CommandFailedException.Usage($"endpoint {endpointId} is not in the device model (endpoints: {EndpointList()}); give the feature as a number");
        }

        FeatureDeclaration? feature = endpoint.FindFeature(text);
        if (feature is not null)
        {
            return (feature.Id, feature);
        }

        string elsewhere = string.Empty;
        foreach (EndpointDeclaration other in Declaration.Endpoints)
        {
            if (other.Id != endpointId && other.FindFeature(text) is { } found)
            {
                elsewhere = $" ({found.Name} is on endpoint {other.Id})";
                break;
            }
        }

        var names = new List<string>();
        foreach (FeatureDeclaration f in endpoint.Features)
        {
            names.Add(f.Name);
        }

        throw CommandFailedException.Usage($"unknown feature \"{text}\" on endpoint {endpointId}{elsewhere}; valid: {string.Join(", ", names)}");
    }

    /// <summary>An attribute by name (globals included) or ID (decimal or 0x hex).</summary>
    /// <exception cref="CommandFailedException">An unknown name (exit 1), with the valid names.</exception>
    public static (ushort Id, AttributeDeclaration? Declaration) ResolveAttribute(FeatureDeclaration? feature, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParseNumber(text, ushort.MaxValue, out ulong number))
        {
            return ((ushort)number, feature?.FindAttribute((ushort)number));
        }

        if (feature is null)
        {
            throw CommandFailedException.Usage($"attribute \"{text}\" cannot be resolved on a feature outside the device model; give its ID as a number");
        }

        AttributeDeclaration? attribute = feature.FindAttribute(text);
        if (attribute is not null)
        {
            return (attribute.Id, attribute);
        }

        var names = new List<string>();
        foreach (AttributeDeclaration a in feature.Attributes)
        {
            names.Add(a.Name);
        }

        foreach (AttributeDeclaration a in GlobalAttributes.Declarations)
        {
            names.Add(a.Name);
        }

        throw CommandFailedException.Usage($"unknown attribute \"{text}\" in {feature.Name}; valid: {string.Join(", ", names)}");
    }

    /// <summary>
    /// The feature of the endpoint that declares an attribute name, for <c>--attribute</c> without
    /// <c>--feature</c>. Globals exist in every feature, so they need <c>--feature</c>.
    /// </summary>
    /// <exception cref="CommandFailedException">No feature or several declare it (exit 1).</exception>
    public static FeatureDeclaration FeatureOf(byte endpointId, string attributeName)
    {
        if (IsNumber(attributeName))
        {
            throw CommandFailedException.Usage($"attribute {attributeName} is a number; say which feature it belongs to with --feature");
        }

        FeatureDeclaration? owner = null;
        foreach (FeatureDeclaration feature in AllFeatures(endpointId))
        {
            foreach (AttributeDeclaration a in feature.Attributes)
            {
                if (string.Equals(a.Name, attributeName, StringComparison.OrdinalIgnoreCase))
                {
                    if (owner is not null)
                    {
                        throw CommandFailedException.Usage($"attribute \"{attributeName}\" exists in {owner.Name} and {feature.Name}; choose one with --feature");
                    }

                    owner = feature;
                }
            }
        }

        if (owner is not null)
        {
            return owner;
        }

        if (FindGlobal(GlobalAttributes.Declarations, attributeName))
        {
            throw CommandFailedException.Usage($"{attributeName} is a global attribute of every feature; choose one with --feature");
        }

        var names = new List<string>();
        foreach (FeatureDeclaration feature in AllFeatures(endpointId))
        {
            foreach (AttributeDeclaration a in feature.Attributes)
            {
                names.Add(a.Name);
            }
        }

        throw CommandFailedException.Usage($"no feature on endpoint {endpointId} has an attribute \"{attributeName}\"; valid: {string.Join(", ", names)}");
    }

    /// <summary>A command by name or ID.</summary>
    /// <exception cref="CommandFailedException">An unknown name (exit 1), with the valid names.</exception>
    public static (byte Id, CommandDeclaration? Declaration) ResolveCommand(FeatureDeclaration? feature, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParseNumber(text, byte.MaxValue, out ulong number))
        {
            return ((byte)number, feature?.FindCommand((byte)number));
        }

        if (feature is null)
        {
            throw CommandFailedException.Usage($"command \"{text}\" cannot be resolved on a feature outside the device model; give its ID as a number");
        }

        CommandDeclaration? command = feature.FindCommand(text);
        if (command is not null)
        {
            return (command.Id, command);
        }

        var names = new List<string>();
        foreach (CommandDeclaration c in feature.Commands)
        {
            names.Add(c.Name);
        }

        throw CommandFailedException.Usage(names.Count == 0
            ? $"{feature.Name} has no commands"
            : $"unknown command \"{text}\" in {feature.Name}; valid: {string.Join(", ", names)}");
    }

    /// <summary>The name to show for a feature: its declared name, or its number.</summary>
    public static string FeatureLabel(byte id, FeatureDeclaration? feature) =>
        feature?.Name ?? id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The name to show for an attribute ID: its declared name, or its number.</summary>
    public static string AttributeLabel(FeatureDeclaration? feature, ushort id) =>
        feature?.FindAttribute(id)?.Name ?? id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Decimal or 0x-prefixed hex, up to <paramref name="max"/>.</summary>
    public static bool TryParseNumber(string text, ulong max, out ulong value)
    {
        string trimmed = text.Trim();
        bool ok = trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(trimmed.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : ulong.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (ok && value > max)
        {
            throw CommandFailedException.Usage($"{trimmed} is out of range (at most {max})");
        }

        return ok;
    }

    private static bool IsNumber(string text)
    {
        string trimmed = text.Trim();
        return trimmed.Length > 0 && char.IsAsciiDigit(trimmed[0]);
    }

    private static bool FindGlobal(IReadOnlyList<AttributeDeclaration> globals, string name)
    {
        foreach (AttributeDeclaration a in globals)
        {
            if (string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string EndpointList()
    {
        var ids = new List<string>();
        foreach (EndpointDeclaration e in Declaration.Endpoints)
        {
            ids.Add(e.Id.ToString(CultureInfo.InvariantCulture));
        }

        return string.Join(", ", ids);
    }
}
