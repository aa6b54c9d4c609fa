using System;

namespace Mash.Device.Model;

/// <summary>Makes the run-time feature for one declared feature of an endpoint.</summary>
public delegate Feature FeatureFactory(EndpointDeclaration endpoint, FeatureDeclaration feature);

/// <summary>A feature reported that one of its attributes may have changed.</summary>
public delegate void AttributeChangedHandler(Feature feature, ushort attributeId);

/// <summary>
/// The served device: one run-time <see cref="Feature"/> for every feature of a
/// <see cref="DeviceDeclaration"/>, created by a factory so no declared feature can be missing and
/// no undeclared one served.
/// </summary>
public sealed class DeviceModel
{
    private readonly Feature[][] _features;

    public DeviceModel(DeviceDeclaration declaration, FeatureFactory factory)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        ArgumentNullException.ThrowIfNull(factory);
        Declaration = declaration;
        EndpointDeclaration[] endpoints = declaration.EndpointTable;
        _features = new Feature[endpoints.Length][];
        for (int e = 0; e < _features.Length; e++)
        {
            EndpointDeclaration endpoint = endpoints[e];
            FeatureDeclaration[] declared = endpoint.FeatureTable;
            _features[e] = new Feature[declared.Length];
            for (int f = 0; f < _features[e].Length; f++)
            {
                FeatureDeclaration wanted = declared[f];
                Feature feature = factory(endpoint, wanted) ?? throw new InvalidOperationException("no implementation for " + wanted + " on " + endpoint);
                if (!ReferenceEquals(feature.Declaration, wanted))
                {
                    throw new InvalidOperationException("the implementation for " + wanted + " on " + endpoint + " serves a different declaration");
                }

                feature.Attach(this, endpoint.Id);
                _features[e][f] = feature;
            }
        }
    }

    public DeviceDeclaration Declaration { get; }

    /// <summary>
    /// Raised on the scheduler thread whenever a feature reports that an attribute may have
    /// changed; the interaction layer feeds its subscriptions from here.
    /// </summary>
    public event AttributeChangedHandler? AttributeChanged;

    public bool HasEndpoint(byte endpointId) => Declaration.FindEndpoint(endpointId) is not null;

    public Feature? FindFeature(byte endpointId, byte featureId)
    {
        EndpointDeclaration[] endpoints = Declaration.EndpointTable;
        for (int e = 0; e < _features.Length; e++)
        {
            if (endpoints[e].Id != endpointId)
            {
                continue;
            }

            Feature[] features = _features[e];
            for (int f = 0; f < features.Length; f++)
            {
                if (features[f].Declaration.Id == featureId)
                {
                    return features[f];
                }
            }
        }

        return null;
    }

    /// <summary>A feature by endpoint and feature name ("energyControl"), ignoring case.</summary>
    public Feature? FindFeature(byte endpointId, string featureName)
    {
        ArgumentNullException.ThrowIfNull(featureName);
        FeatureDeclaration? declared = Declaration.FindEndpoint(endpointId)?.FindFeature(featureName);
        return declared is null ? null : FindFeature(endpointId, declared.Id);
    }

    internal void OnAttributeChanged(Feature feature, ushort attributeId) => AttributeChanged?.Invoke(feature, attributeId);
}
