using System;
using System.Globalization;
using System.IO;

namespace Mash.Soak;

/// <summary>Command line: mash-soak [--duration S] [--cycles N] [--rss-bound-mib M] [--mash-load PATH] [--keep].</summary>
internal sealed record SoakOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(180);

    public int Cycles { get; init; } = 1000;

    /// <summary>How much the device's resident memory may grow from the start of the run to its end.</summary>
    public long RssBoundKiB { get; init; } = 16 * 1024;

    public string MashLoad { get; init; } = Path.Combine(AppContext.BaseDirectory, "mash-load.dll");

    /// <summary>Keep the working folder (device data, controller states, mash-load.log) afterwards.</summary>
    public bool Keep { get; init; }

    public static SoakOptions? Parse(string[] args)
    {
        var options = new SoakOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--duration" when value is not null:
                    options = options with { Duration = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)) };
                    i++;
                    break;
                case "--cycles" when value is not null:
                    options = options with { Cycles = int.Parse(value, CultureInfo.InvariantCulture) };
                    i++;
                    break;
                case "--rss-bound-mib" when value is not null:
                    options = options with { RssBoundKiB = long.Parse(value, CultureInfo.InvariantCulture) * 1024 };
                    i++;
                    break;
                case "--mash-load" when value is not null:
                    options = options with { MashLoad = Path.GetFullPath(value) };
                    i++;
                    break;
                case "--keep":
                    options = options with { Keep = true };
                    break;
                default:
                    return null;
            }
        }

        return options;
    }
}
