using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Mash.Device.Tests.PortReadiness;

/// <summary>
/// Compiles C# the way src/Mash.Firmware.Nano compiles the firmware core: against nanoFramework's
/// mscorlib (nanoFramework.CoreLibrary, the version in Directory.Packages.props) and nothing else, no
/// standard library, nullable reference types on. Roslyn runs in process (the same compiler version
/// as the SDK's), so each scratch compilation costs milliseconds instead of a `dotnet build`.
/// </summary>
internal static class NanoScratch
{
    private static readonly Lazy<MetadataReference> CoreLibraryReference = new(() => MetadataReference.CreateFromFile(CoreLibraryPath));

    /// <summary>mscorlib.dll of the nanoFramework.CoreLibrary package, as restored for this test project.</summary>
    public static string CoreLibraryPath
    {
        get
        {
            foreach (AssemblyMetadataAttribute attribute in typeof(NanoScratch).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
            {
                if (attribute.Key == "NanoFrameworkMscorlib" && attribute.Value is { Length: > 0 } path && File.Exists(path))
                {
                    return path;
                }
            }

            throw new InvalidOperationException("nanoFramework's mscorlib.dll not found: the test project passes its path as AssemblyMetadata NanoFrameworkMscorlib");
        }
    }

    public static NanoMetadataChecker Checker() => NanoMetadataChecker.ForCoreLibrary(CoreLibraryPath);

    /// <summary>Compiles <paramref name="source"/> into assembly <paramref name="name"/>: the image, or null and the errors.</summary>
    public static (byte[]? Image, IReadOnlyList<string> Errors) Compile(string name, string source, params MetadataReference[] references)
    {
        var allReferences = new List<MetadataReference> { CoreLibraryReference.Value };
        allReferences.AddRange(references);
        CSharpCompilation compilation = CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: name + ".cs")],
            allReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(image);
        var errors = new List<string>();
        foreach (Diagnostic diagnostic in result.Diagnostics)
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                errors.Add(diagnostic.ToString());
            }
        }

        return (result.Success ? image.ToArray() : null, errors);
    }
}
