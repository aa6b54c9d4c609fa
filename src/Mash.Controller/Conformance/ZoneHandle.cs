using Mash.Controller.State;

namespace Mash.Controller.Conformance;

/// <summary>A zone the runner commissioned: its controller state (Zone CA, certificate) and the device record.</summary>
internal sealed record ZoneHandle(string Name, ControllerState State, DeviceRecord Device);
