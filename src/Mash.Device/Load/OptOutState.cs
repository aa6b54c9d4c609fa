namespace Mash.Device.Load;

/// <summary>EnergyControl optOutState (attribute 3); values are the wire numbers.</summary>
public enum OptOutState
{
    NoOptOut = 0,
    LocalOptOut = 1,
    GridOptOut = 2,
    OptOut = 3,
}
