using System;
using Mash.Device.Boards;

namespace Mash.Device.Model;

/// <summary>One endpoint: its ID, type and features. Endpoint 0 is always the device root.</summary>
public sealed class EndpointDeclaration
{
    private readonly FeatureDeclaration[] _features;

    public EndpointDeclaration(byte id, EndpointType type, FeatureDeclaration[] features, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        if ((id == 0) != (type == EndpointType.DeviceRoot))
        {
            throw new ArgumentException("endpoint 0 and only endpoint 0 is the device root", nameof(type));
        }

        Id = id;
        Type = type;
        Label = label;
        _features = (FeatureDeclaration[])features.Clone();
        for (int i = 0; i < _features.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(_features[i], nameof(features));
            for (int j = 0; j < i; j++)
            {
                if (_features[j].Id == _features[i].Id || Names.SameIgnoringCase(_features[j].Name, _features[i].Name))
                {
                    throw new ArgumentException("endpoint " + id + " declares feature " + _features[i] + " twice", nameof(features));
                }
            }
        }
    }

    public byte Id { get; }

    public EndpointType Type { get; }

    public string? Label { get; }

    /// <summary>The features in declared order (a copy).</summary>
    public FeatureDeclaration[] Features => (FeatureDeclaration[])_features.Clone();

    /// <summary>The features without a copy, for the model and the interaction layer; never modified.</summary>
    internal FeatureDeclaration[] FeatureTable => _features;

    /// <summary>The endpoint's featureMap: every bit some feature on it declares.</summary>
    public uint FeatureMap
    {
        get
        {
            uint map = 0;
            for (int i = 0; i < _features.Length; i++)
            {
                map |= _features[i].FeatureMap;
            }

            return map;
        }
    }

    public FeatureDeclaration? FindFeature(byte id)
    {
        for (int i = 0; i < _features.Length; i++)
        {
            if (_features[i].Id == id)
            {
                return _features[i];
            }
        }

        return null;
    }

    public FeatureDeclaration? FindFeature(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (int i = 0; i < _features.Length; i++)
        {
            if (Names.SameIgnoringCase(_features[i].Name, name))
            {
                return _features[i];
            }
        }

        return null;
    }

    public override string ToString() => "endpoint " + Id + " (" + Type + ")";
}
