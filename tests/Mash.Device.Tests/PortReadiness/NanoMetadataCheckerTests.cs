using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;

namespace Mash.Device.Tests.PortReadiness;

/// <summary>
/// What the nanoFramework build of the firmware core catches, and what only the metadata check
/// catches: small scratch assemblies compiled against nanoFramework's mscorlib (see NanoScratch).
/// </summary>
public class NanoMetadataCheckerTests
{
    [Fact]
    public void A_generic_list_does_not_compile_against_nanoFramework_mscorlib()
    {
        (byte[]? image, IReadOnlyList<string> errors) = NanoScratch.Compile("ListScratch", """
            namespace Scratch
            {
                internal static class Core
                {
                    public static int Count() { var xs = new System.Collections.Generic.List<int>(); xs.Add(1); return xs.Count; }
                }
            }
            """);

        Assert.Null(image);
        Assert.Contains(errors, e => e.Contains("List<", StringComparison.Ordinal) || e.Contains("Generic", StringComparison.Ordinal));
    }

    [Fact]
    public void A_nullable_value_type_does_not_compile_against_nanoFramework_mscorlib()
    {
        (byte[]? image, IReadOnlyList<string> errors) = NanoScratch.Compile("NullableScratch", """
            namespace Scratch
            {
                internal static class Core
                {
                    public static long? Limit() => null;
                }
            }
            """);

        Assert.Null(image);
        Assert.Contains(errors, e => e.Contains("System.Nullable`1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_generic_method_of_our_own_compiles_but_the_checker_rejects_it_naming_declaration_and_use()
    {
        byte[] image = CompileOrFail("GenericMethodScratch", """
            namespace Scratch
            {
                internal static class Core
                {
                    public static T Same<T>(T value) => value;

                    public static int Use() => Same(5);
                }
            }
            """);

        IReadOnlyList<string> findings = Check(image);

        Assert.Contains(findings, f => f.Contains("generic parameter T of method Scratch.Core.Same", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("generic method instantiation Scratch.Core.Same<Int32> used in Scratch.Core.Use", StringComparison.Ordinal));
    }

    [Fact]
    public void A_generic_class_of_our_own_compiles_but_the_checker_rejects_it()
    {
        byte[] image = CompileOrFail("GenericClassScratch", """
            namespace Scratch
            {
                internal sealed class Box<T>
                {
                    public Box(T value) { Value = value; }
                    public T Value { get; }
                }

                internal static class Core
                {
                    public static int Use() => new Box<int>(3).Value;
                }
            }
            """);

        IReadOnlyList<string> findings = Check(image);

        Assert.Contains(findings, f => f.Contains("generic parameter T of type Scratch.Box`1", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("type specification Scratch.Box`1<Int32>", StringComparison.Ordinal) && f.Contains("used in Scratch.Core.Use", StringComparison.Ordinal));
    }

    [Fact]
    public void A_generic_delegate_from_mscorlib_compiles_but_the_checker_rejects_it()
    {
        byte[] image = CompileOrFail("ActionScratch", """
            namespace Scratch
            {
                internal static class Core
                {
                    private static int s_last;

                    public static void Use()
                    {
                        System.Action<int> report = Report;
                        report(1);
                    }

                    public static void Pass(System.Action<int> callback) { }

                    private static void Report(int value) { s_last = value; }
                }
            }
            """);

        IReadOnlyList<string> findings = Check(image);

        Assert.Contains(findings, f => f.StartsWith("type specification System.Action`1<Int32>", StringComparison.Ordinal) && f.Contains("used in Scratch.Core.Use", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("reference to generic type System.Action`1", StringComparison.Ordinal));
        // A parameter of that type needs no TypeSpec row: the signature check finds it.
        Assert.Contains(findings, f => f.StartsWith("method Scratch.Core.Pass(System.Action`1<Int32>)", StringComparison.Ordinal));
    }

    [Fact]
    public void Array_casts_plain_delegates_and_an_ArrayList_pass_the_checker()
    {
        // (byte[])list[i] is a castclass on a TypeSpec holding byte[]: legal on nanoFramework 1.x.
        byte[] image = CompileOrFail("ArrayScratch", """
            namespace Scratch
            {
                internal delegate void ValueChanged(long value);

                internal static class Core
                {
                    private static readonly byte[] Magic = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };

                    public static int Use(System.Collections.ArrayList list, ValueChanged changed, System.Action done)
                    {
                        byte[] first = (byte[])list[0];
                        string[][] names = new string[2][];
                        names[0] = new string[] { "a" };
                        if (list[1] is string[] more) { names[1] = more; }
                        foreach (byte[] frame in list) { changed(frame.Length); }
                        done();
                        string? maybe = list.Count > 3 ? (string)list[3] : null;
                        return first.Length + names.Length + Magic[3] + (maybe is null ? 0 : maybe.Length);
                    }
                }
            }
            """);

        Assert.Empty(Check(image));
        Assert.True(TypeSpecRows(image) > 0, "the scratch was meant to contain array TypeSpecs");
    }

    [Fact]
    public void A_reference_to_another_assembly_than_nanoFramework_mscorlib_is_rejected()
    {
        byte[] other = CompileOrFail("OtherLibrary", """
            namespace Other
            {
                public static class Helper
                {
                    public static int Twice(int x) => 2 * x;
                }
            }
            """);
        byte[] image = CompileOrFail("ReferenceScratch", """
            namespace Scratch
            {
                internal static class Core
                {
                    public static int Use() => Other.Helper.Twice(2);
                }
            }
            """,
            MetadataReference.CreateFromImage(other));

        IReadOnlyList<string> findings = Check(image);

        string finding = Assert.Single(findings);
        Assert.StartsWith("assembly reference OtherLibrary,", finding, StringComparison.Ordinal);
        Assert.Empty(Check(other));
    }

    private static byte[] CompileOrFail(string name, string source, params MetadataReference[] references)
    {
        (byte[]? image, IReadOnlyList<string> errors) = NanoScratch.Compile(name, source, references);
        Assert.True(image is not null, name + " did not compile:\n" + string.Join("\n", errors));
        return image;
    }

    private static int TypeSpecRows(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        return pe.GetMetadataReader().GetTableRowCount(TableIndex.TypeSpec);
    }

    private static IReadOnlyList<string> Check(byte[] image)
    {
        using var stream = new MemoryStream(image);
        return NanoScratch.Checker().Check(stream);
    }
}
