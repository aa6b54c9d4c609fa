using System;
using Mash.Protocol.Wire;

namespace Mash.Device.Model;

/// <summary>
/// The whole device model as data: endpoints and their features. The served attributes, the
/// DeviceInfo endpoint list, the mDNS TXT values (EP, FM) and the PICS all derive from this one
/// object.
/// </summary>
public sealed class DeviceDeclaration
{
    private readonly EndpointDeclaration[] _endpoints;

    public DeviceDeclaration(EndpointDeclaration[] endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        _endpoints = (EndpointDeclaration[])endpoints.Clone();
        if (_endpoints.Length == 0 || _endpoints[0].Id != 0)
        {
            throw new ArgumentException("the first endpoint must be endpoint 0, the device root", nameof(endpoints));
        }

        for (int i = 1; i < _endpoints.Length; i++)
        {
            if (_endpoints[i - 1].Id >= _endpoints[i].Id)
            {
                throw new ArgumentException("endpoints must be declared in ascending ID order, without duplicates", nameof(endpoints));
            }
        }
    }

    /// <summary>The endpoints in ascending ID order (a copy).</summary>
    public EndpointDeclaration[] Endpoints => (EndpointDeclaration[])_endpoints.Clone();

    /// <summary>The endpoints without a copy, for the model and the interaction layer; never modified.</summary>
    internal EndpointDeclaration[] EndpointTable => _endpoints;

    public EndpointDeclaration? FindEndpoint(byte id)
    {
        for (int i = 0; i < _endpoints.Length; i++)
        {
            if (_endpoints[i].Id == id)
            {
                return _endpoints[i];
            }
        }

        return null;
    }

    /// <summary>
    /// DeviceInfo attribute 20: [{1 id, 2 type, 3 label?, 4 [feature wire IDs], 5 featureMap}]
    /// (key 5 is the [63] addition).
    /// </summary>
    public CborValue EndpointListValue()
    {
        var list = new CborValue[_endpoints.Length];
        for (int i = 0; i < _endpoints.Length; i++)
        {
            EndpointDeclaration endpoint = _endpoints[i];
            FeatureDeclaration[] declared = endpoint.FeatureTable;
            var features = new CborValue[declared.Length];
            for (int f = 0; f < features.Length; f++)
            {
                features[f] = CborValue.FromUInt64(declared[f].Id);
            }

            var entry = new CborMap(5)
                .Set(1, CborValue.FromUInt64(endpoint.Id))
                .Set(2, CborValue.FromUInt64((ulong)endpoint.Type));
            if (endpoint.Label is not null)
            {
                entry.Set(3, CborValue.FromText(endpoint.Label));
            }

            entry.Set(4, CborValue.FromArray(features)).Set(5, CborValue.FromUInt64(endpoint.FeatureMap));
            list[i] = CborValue.FromMap(entry);
        }

        return CborValue.FromArray(list);
    }
}
