using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text;
using Mash.Protocol.Pics;

namespace Mash.Fuzz.Targets;

/// <summary>
/// PICS files a vendor hands to a lab (mashctl pics validate, conformance run --pics). Parsing and
/// validation never throw for bad content; every problem is a line-numbered diagnostic within the
/// file, and the accepted entries, written back as CODE=VALUE lines, parse to the same entries.
/// </summary>
internal sealed class PicsTarget : IFuzzTarget
{
    private const string SeedResource = "mash-load.pics";

    public string Name => "pics";

    public string Description => "PicsFile.Parse and PicsValidator.Validate (PICS files)";

    public void Run(ReadOnlySpan<byte> input)
    {
        PicsFile file = PicsFile.Parse(Encoding.UTF8.GetString(input), "fuzz.pics");
        PicsValidationResult result = PicsValidator.Validate(file);
        foreach (PicsDiagnostic diagnostic in result.Diagnostics)
        {
            // Line 0 is a whole-file finding; any other line must exist.
            if (diagnostic.Line < 0 || diagnostic.Line > file.LineCount)
            {
                throw new FuzzInvariantException($"diagnostic on line {diagnostic.Line} of a {file.LineCount}-line file: {diagnostic.Message}");
            }
        }

        var written = new StringBuilder();
        foreach (PicsEntry entry in file.Entries)
        {
            written.Append(entry.Code).Append('=').Append(entry.Value.Text).Append('\n');
        }

        PicsFile again = PicsFile.Parse(written.ToString(), "again.pics");
        if (again.Entries.Count != file.Entries.Count || again.Diagnostics.Count != 0)
        {
            throw new FuzzInvariantException($"{file.Entries.Count} entries written back parse to {again.Entries.Count} with {again.Diagnostics.Count} diagnostics");
        }

        for (int i = 0; i < file.Entries.Count; i++)
        {
            if (!string.Equals(again.Entries[i].Code, file.Entries[i].Code, StringComparison.Ordinal) || !again.Entries[i].Value.Equals(file.Entries[i].Value))
            {
                throw new FuzzInvariantException($"{file.Entries[i].Code}={file.Entries[i].Value.Text} changed in a write/parse round trip");
            }
        }
    }

    public IEnumerable<byte[]> Seeds()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(SeedResource)
            ?? throw new InvalidOperationException($"embedded seed {SeedResource} is missing");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        byte[] device = memory.ToArray();
        yield return device;
        yield return Encoding.UTF8.GetBytes("MASH.S=1\nMASH.S.TRANS=1\nMASH.S.TRANS.MAX_MSG_SIZE=65536 # inline\n  # indented comment\nMASH.S.COMM.PASE_GROUP=\"P-256\"\nMASH.S.TRANS=0\nbroken line\n");
        yield return Encoding.UTF8.GetBytes("MASH.C=1\r\nMASH.C.TRANS.TLS13=1\r\nmash.s.zone.max=5\r\n");
    }
}
