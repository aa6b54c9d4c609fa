using System;
using System.Collections.Generic;
using System.Reflection;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Device.Transport;

namespace Mash.Device.Tests.Load;

/// <summary>The load control sits below the interaction layer and keeps the PICS numbers the wire declares.</summary>
public sealed class LoadLayeringTests
{
    private static readonly string[] Above = ["Mash.Device.Model", "Mash.Device.Interaction", "Mash.Device.Transport", "Mash.Device.Commissioning", "Mash.Device.Zones", "Mash.Device.Composition"];

    [Fact]
    public void Load_types_mention_no_type_of_the_layers_above_them()
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var offenders = new List<string>();
        foreach (Type type in typeof(LoadControl).Assembly.GetTypes())
        {
            if (type.Namespace != "Mash.Device.Load")
            {
                continue;
            }

            var used = new List<Type>(type.GetInterfaces());
            foreach (FieldInfo field in type.GetFields(All))
            {
                used.Add(field.FieldType);
            }

            foreach (MethodInfo method in type.GetMethods(All))
            {
                used.Add(method.ReturnType);
                foreach (ParameterInfo parameter in method.GetParameters())
                {
                    used.Add(parameter.ParameterType);
                }
            }

            foreach (ConstructorInfo constructor in type.GetConstructors(All))
            {
                foreach (ParameterInfo parameter in constructor.GetParameters())
                {
                    used.Add(parameter.ParameterType);
                }
            }

            foreach (Type t in used)
            {
                Type element = t.HasElementType ? t.GetElementType()! : t;
                if (Array.IndexOf(Above, element.Namespace) >= 0)
                {
                    offenders.Add(type.Name + " uses " + element.FullName);
                }
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void Load_bounds_match_what_the_EnergyControl_feature_and_transport_declare()
    {
        Assert.Equal(EnergyControlFeature.DurationMaxSeconds, LoadLimits.DurationMaxSeconds);
        Assert.Equal(EnergyControlFeature.FailsafeDurationMinSeconds, LoadLimits.FailsafeDurationMinSeconds);
        Assert.Equal(EnergyControlFeature.FailsafeDurationMaxSeconds, LoadLimits.FailsafeDurationMaxSeconds);
        Assert.Equal(TransportLimits.MaxZones, LoadLimits.MaxZones);
        Assert.Equal(TransportLimits.MaxConnections, LoadLimits.MaxConnections);
    }

    [Fact]
    public void Failsafe_setters_compare_by_value_and_name_their_zone_type_as_the_host_did()
    {
        Assert.Equal(new FailsafeSetter("z1", Protocol.Zones.ZoneType.GridOperator), new FailsafeSetter("z1", Protocol.Zones.ZoneType.GridOperator));
        Assert.NotEqual(new FailsafeSetter("z1", Protocol.Zones.ZoneType.GridOperator), new FailsafeSetter("z1", Protocol.Zones.ZoneType.UserApp));
        foreach (Protocol.Zones.ZoneType type in Enum.GetValues<Protocol.Zones.ZoneType>())
        {
            Assert.Equal(type.ToString(), LoadNames.Of(type));
        }

        foreach (ControlState state in Enum.GetValues<ControlState>())
        {
            Assert.Equal(state.ToString().ToUpperInvariant(), LoadNames.Of(state));
        }
    }
}
