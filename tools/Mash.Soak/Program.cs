using System;
using System.Threading.Tasks;

namespace Mash.Soak;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        SoakOptions? options = SoakOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: Mash.Soak [--duration SECONDS] [--cycles N] [--rss-bound-mib MIB] [--mash-load PATH] [--keep]");
            return 2;
        }

        return await new SoakRun(options).RunAsync() ? 0 : 1;
    }
}
