using System.Threading.Tasks;
using Mash.Cli;

namespace Mash.Tool;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        // Before .NET sets up its signal handling: a script's "mashctl subscribe ... &" starts with SIGINT ignored.
        StopSignals.RestoreIgnored();
        return MashCtl.RunAsync(args);
    }
}
