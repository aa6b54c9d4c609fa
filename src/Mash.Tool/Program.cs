using System.Threading.Tasks;

namespace Mash.Tool;

internal static class Program
{
    public static Task<int> Main(string[] args) => MashCtl.RunAsync(args);
}
