namespace Mash.Protocol.Zones;

/// <summary>
/// The kind of controller that owns a zone. The numeric value is also the zone's priority, and a
/// lower number wins when zones disagree (reference pkg/cert/types.go; [63] security.md §6.2).
/// It travels as key 4 of CertInstall and as the first OU of the Zone CA certificate.
/// </summary>
public enum ZoneType : byte
{
    GridOperator = 1,
    BuildingManager = 2,
    HomeManager = 3,
    UserApp = 4,
}
