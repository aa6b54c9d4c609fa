using System;
using System.IO;

namespace Mash.Controller.Tests.State;

/// <summary>A fresh folder path under the temp directory (not created), removed with everything in it.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "mash-controller-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        StatePath = Path.Combine(Root, "state");
    }

    /// <summary>The state folder: inside <see cref="Root"/>, not created yet.</summary>
    public string StatePath { get; }

    public string Root { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
