using System.IO;
using System.Threading.Tasks;

namespace Mash.Tool.Tests;

/// <summary>One mashctl invocation in-process, with what it printed.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await MashCtl.RunAsync(args, output, error);
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    public string[] ErrorLines => Error.TrimEnd('\n').Split('\n');
}
