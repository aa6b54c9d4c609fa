using System;

namespace Mash.Device.Model;

/// <summary>
/// The served device: one run-time <see cref="Feature"/> for every feature of a
/// <see cref="DeviceDeclaration"/>, created by a factory so no declared feature can be missing and
/// no undeclared one served.
/// </summary>
public sealed class DeviceModel
{
    private readonly Feature[][] _features;

    public DeviceModel(DeviceDeclaration declaration, Func<EndpointDeclaration, FeatureDeclaration, Feature> factory)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        ArgumentNullException.ThrowIfNull(factory);
        Declaration = declaration;
        _features = new Feature[declaration.Endpoints.Count][];
        for (int e = 0; e < _features.Length; e++)
        {
            EndpointDeclaration endpoint = declaration.Endpoints[e];
            _features[e] = new Feature[endpoint.Features.Count];
            for (int f = 0; f < _features[e].Length; f++)
            {
                FeatureDeclaration wanted = endpoint.Features[f];
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
    public event Action<Feature, ushort>? AttributeChanged;

    public bool HasEndpoint(byte endpointId) => Declaration.FindEndpoint(endpointId) is not null;

    public Feature? FindFeature(byte endpointId, byte featureId)
    {
        for (int e = 0; e < _features.Length; e++)
        {
            if (Declaration.Endpoints[e].Id != endpointId)
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
