using System.CommandLine;

namespace Mash.Tool.Commands;

/// <summary>The options the operating commands share, spelled once so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> Device() => new("--device")
    {
        Description = "The device, by the ID commission or devices printed",
        HelpName = "ID",
        Required = true,
    };

    public static Option<byte?> Endpoint(string description) => new("--endpoint")
    {
        Description = description,
        HelpName = "N",
    };

    public static Option<string?> Feature(string description) => new("--feature")
    {
        Description = description,
        HelpName = "NAME",
    };

    public static Option<string[]> Attributes() => new("--attribute")
    {
        Description = "Attribute names or IDs (repeat the option or list several after it); default: all",
        HelpName = "NAME",
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<bool> Json(string description = "Print the result as one JSON document on stdout") => new("--json")
    {
        Description = description,
    };
}
