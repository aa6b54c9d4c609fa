using System;
using System.Collections.Generic;
using System.Text;
using Mash.Device.Host.Boards;

namespace Mash.Fuzz.Targets;

/// <summary>
/// Board files an installer writes: <see cref="BoardFile.Parse"/> returns a validated board or
/// throws <see cref="BoardFileException"/> naming the problem.
/// </summary>
internal sealed class BoardTarget : IFuzzTarget
{
    public string Name => "board";

    public string Description => "BoardFile.Parse (JSON board definitions)";

    public void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            BoardFile.Parse(Encoding.UTF8.GetString(input), "fuzz.json");
        }
        catch (BoardFileException)
        {
        }
    }

    public IEnumerable<byte[]> Seeds()
    {
        foreach (string name in BoardFile.EmbeddedNames)
        {
            yield return Encoding.UTF8.GetBytes(BoardFile.ReadEmbeddedText(name));
        }
    }
}
