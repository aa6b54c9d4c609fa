using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Mash.Bench;

/// <summary>
/// Idle resident memory of a running mash-load: started fresh (first boot, commissioning window
/// open, TLS listener and mDNS responder up), left idle for a few seconds after it logs
/// "running", then VmRSS (with its anonymous and file-backed parts) read from /proc. The
/// framework-dependent build is the mash-load.dll next to this benchmark; pass the path of a
/// NativeAOT-published mash-load to measure that too.
/// As root the device runs in its own network namespace with a veth pair, so its mDNS stays off
/// the machine's network and still has multicast interfaces to serve.
/// </summary>
internal static class MemoryBench
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(5);

    public static void Run(string[] args)
    {
        Measure("framework-dependent (dotnet mash-load.dll)", "dotnet", [Path.Combine(AppContext.BaseDirectory, "mash-load.dll")]);
        string? native = args.Length > 1 ? args[1] : Environment.GetEnvironmentVariable("MASH_LOAD_NATIVE");
        if (native is not null)
        {
            Measure("NativeAOT (" + native + ")", native, []);
        }
        else
        {
            Console.WriteLine("NativeAOT: not measured (pass the published mash-load as: memory <path>)");
        }
    }

    private static void Measure(string label, string program, string[] programArgs)
    {
        string data = Path.Combine(Path.GetTempPath(), "mash-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var arguments = new List<string>(programArgs) { "--data", Path.Combine(data, "flash"), "--port", FreePort().ToString(CultureInfo.InvariantCulture) };
        bool isolated = Environment.UserName == "root" && File.Exists("/usr/bin/unshare");
        if (!isolated)
        {
            // Without a namespace of its own the device's mDNS stays on loopback, off the real network.
            arguments.AddRange(["--interface", "lo"]);
        }

        var info = new ProcessStartInfo(isolated ? "unshare" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = data,
        };
        if (isolated)
        {
            // sh execs the device, so the pid stays the device's.
            foreach (string a in new[] { "-n", "sh", "-c", "ip link add v0 type veth peer name v1 && ip link set lo up && ip link set v0 up && ip link set v1 up && ip addr add 10.99.0.1/24 dev v0 && exec \"$0\" \"$@\"", program })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var running = new ManualResetEventSlim();
        using Process process = Process.Start(info)!;
        void Watch(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null && e.Data.Contains("running", StringComparison.Ordinal))
            {
                running.Set();
            }
        }

        process.OutputDataReceived += Watch;
        process.ErrorDataReceived += Watch;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var started = Stopwatch.StartNew();
            if (!running.Wait(TimeSpan.FromSeconds(60)))
            {
                Console.WriteLine(label + ": did not log \"running\" within 60 s");
                return;
            }

            double startup = started.Elapsed.TotalMilliseconds;
            Thread.Sleep(Idle);
            Dictionary<string, string> status = ReadStatus(process.Id);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{label}: idle VmRSS {status["VmRSS"]} (RssAnon {status["RssAnon"]}, RssFile {status["RssFile"]}), peak VmHWM {status["VmHWM"]}, {status["Threads"]} threads, 'running' after {startup:F0} ms{(isolated ? ", own network namespace" : string.Empty)}"));
        }
        finally
        {
            using (Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                process.Kill();
            }

            Directory.Delete(data, recursive: true);
        }
    }

    private static Dictionary<string, string> ReadStatus(int pid)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in File.ReadAllLines("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/status"))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                values[line[..colon]] = line[(colon + 1)..].Trim();
            }
        }

        return values;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.IPv6Any, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
