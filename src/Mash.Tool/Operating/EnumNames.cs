using System;
using System.Text;
using Mash.Device.Boards;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Protocol.Wire;

namespace Mash.Tool.Operating;

/// <summary>
/// The names behind enumerated attribute values (controlState 2 is LIMITED), spelled as the
/// specification writes them. Text output only: JSON keeps the numbers scripts compare.
/// </summary>
internal static class EnumNames
{
    /// <summary>The value's name, or null when the attribute is not an enumeration or the value is unknown.</summary>
    public static string? Describe(byte featureId, ushort attributeId, CborValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.TryGetInt64(out long number))
        {
            return null;
        }

        Type? type = (featureId, attributeId) switch
        {
            (FeatureIds.Status, StatusFeature.OperatingStateId) => typeof(OperatingState),
            (FeatureIds.EnergyControl, EnergyControlFeature.DeviceTypeId) => typeof(DeviceType),
            (FeatureIds.EnergyControl, EnergyControlFeature.ControlStateId) => typeof(ControlState),
            (FeatureIds.EnergyControl, EnergyControlFeature.OptOutStateId) => typeof(OptOutState),
            _ => null,
        };
        if (type is null || number is < int.MinValue or > int.MaxValue)
        {
            return null;
        }

        object boxed = Enum.ToObject(type, (int)number);
        return Enum.IsDefined(type, boxed) ? UpperSnake(Enum.GetName(type, boxed)!) : null;
    }

    /// <summary>NotAuthorized to NOT_AUTHORIZED.</summary>
    public static string UpperSnake(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(name[i]));
        }

        return text.ToString();
    }
}
