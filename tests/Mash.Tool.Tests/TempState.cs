using System;
using System.IO;

namespace Mash.Tool.Tests;

/// <summary>A throwaway --state folder (not created until mashctl needs it).</summary>
internal sealed class TempState : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mashctl-tests-" + Guid.NewGuid().ToString("N"));

    public string Folder => System.IO.Path.Combine(_root, "state");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
