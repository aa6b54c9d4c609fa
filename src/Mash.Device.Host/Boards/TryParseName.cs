namespace Mash.Device.Host.Boards;

/// <summary>Matches the shape of the BoardNames.TryParse overloads.</summary>
internal delegate bool TryParseName<T>(string name, out T value);
