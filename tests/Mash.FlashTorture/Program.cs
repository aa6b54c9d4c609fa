using System;
using System.IO;
using Mash.Device.Host.Storage;
using Mash.Device.Storage;

namespace Mash.FlashTorture;

/// <summary>
/// Usage: Mash.FlashTorture &lt;dir&gt; &lt;key&gt;. Prints "start n" with the first sequence number
/// it will write (one past the value found in the store), then writes n, n+1, ... forever and
/// prints "done n" after each write returns. Only SIGKILL is expected to stop it.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: Mash.FlashTorture <dir> <key>");
            return 64;
        }

        using var store = new FileFlashStore(args[0]);
        string key = args[1];
        FlashRead read = store.Read(key);
        long next = 1;
        if (read.Status == FlashReadStatus.Corrupt)
        {
            Console.Error.WriteLine("corrupt at start: " + read.Problem);
            return 2;
        }

        if (read.Status == FlashReadStatus.Ok)
        {
            string? problem = TorturePayload.Check(read.Value, out long last);
            if (problem != null)
            {
                Console.Error.WriteLine("malformed at start: " + problem);
                return 3;
            }

            next = last + 1;
        }

        TextWriter output = Console.Out;
        output.WriteLine("start " + next);
        output.Flush();
        for (long n = next; ; n++)
        {
            store.Write(key, TorturePayload.Build(n));
            output.WriteLine("done " + n);
            output.Flush();
        }
    }
}
