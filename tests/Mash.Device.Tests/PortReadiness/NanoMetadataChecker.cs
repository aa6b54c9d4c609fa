using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Mash.Device.Tests.PortReadiness;

/// <summary>
/// Reads a compiled assembly's metadata tables and lists everything .NET nanoFramework 1.x cannot
/// load or run. Compiling against nanoFramework's mscorlib already rejects what that mscorlib lacks
/// (<c>List&lt;T&gt;</c>, <c>Nullable&lt;T&gt;</c>, spans); it does not reject generics the C# compiler
/// can express on its own (a generic method or class of ours) nor the few generic types that
/// mscorlib 1.17 declares but the 1.x runtime cannot instantiate (<c>Action&lt;T&gt;</c>,
/// <c>Action&lt;T1,T2&gt;</c>, ...). The firmware's metadata processor (nanoFramework.Tools.MetadataProcessor)
/// would fail on them only when the image is made, on a machine with the nanoFramework toolchain;
/// this check fails the host test run instead.
/// <para>
/// Rejected: any GenericParam row (a generic type or method declared here); any MethodSpec row (a
/// generic method instantiated); any TypeSpec that is a generic instantiation or a type/method
/// variable; any reference to a generic type (a TypeRef whose name carries an arity, <c>Action`1</c>);
/// any field, method, property or local signature that mentions a generic instantiation or variable
/// (a parameter typed <c>Action&lt;int&gt;</c> needs no TypeSpec row, only a signature blob);
/// multi-dimensional arrays (<c>int[,]</c>; nanoFramework has single-dimension, zero-based arrays
/// only, jagged arrays are fine); and any AssemblyRef other than the given nanoFramework mscorlib.
/// </para>
/// <para>
/// Allowed on purpose: TypeSpecs that are single-dimension arrays (<c>byte[]</c>, <c>string[][]</c>).
/// The compiler emits them for <c>castclass</c>/<c>isinst</c>/<c>newarr</c> of array types (e.g.
/// <c>(byte[])list[i]</c> on an ArrayList); nanoFramework 1.x reads these TypeSpec rows and supports
/// those instructions on arrays.
/// </para>
/// Every finding names the offending type or method, and for instantiations the methods that use them.
/// </summary>
internal sealed class NanoMetadataChecker
{
    private static readonly Dictionary<ushort, OperandType> OperandTypes = LoadOperandTypes();

    private readonly AssemblyName _coreLibrary;

    /// <param name="coreLibrary">The identity of nanoFramework's mscorlib, the only assembly a firmware assembly may reference.</param>
    public NanoMetadataChecker(AssemblyName coreLibrary)
    {
        _coreLibrary = coreLibrary;
    }

    /// <summary>The identity of the mscorlib.dll at <paramref name="path"/> (from the nanoFramework.CoreLibrary package).</summary>
    public static NanoMetadataChecker ForCoreLibrary(string path) => new(AssemblyName.GetAssemblyName(path));

    public IReadOnlyList<string> Check(string assemblyPath)
    {
        using FileStream stream = File.OpenRead(assemblyPath);
        return Check(stream);
    }

    public IReadOnlyList<string> Check(Stream peImage)
    {
        using var pe = new PEReader(peImage, PEStreamOptions.LeaveOpen | PEStreamOptions.PrefetchEntireImage);
        MetadataReader md = pe.GetMetadataReader();
        var findings = new List<string>();
        var names = new Names(md);
        Dictionary<EntityHandle, SortedSet<string>> users = FindUsers(md, pe, names);

        foreach (AssemblyReferenceHandle handle in md.AssemblyReferences)
        {
            AssemblyName reference = md.GetAssemblyReference(handle).GetAssemblyName();
            if (!IsCoreLibrary(reference))
            {
                findings.Add($"assembly reference {reference.FullName}: only nanoFramework's mscorlib ({_coreLibrary.FullName}) may be referenced");
            }
        }

        for (int row = 1; row <= md.GetTableRowCount(TableIndex.GenericParam); row++)
        {
            GenericParameter parameter = md.GetGenericParameter(MetadataTokens.GenericParameterHandle(row));
            string owner = parameter.Parent.Kind == HandleKind.MethodDefinition
                ? "method " + names.Method((MethodDefinitionHandle)parameter.Parent)
                : "type " + names.Type(parameter.Parent);
            findings.Add($"generic parameter {md.GetString(parameter.Name)} of {owner}: no generics on nanoFramework 1.x");
        }

        for (int row = 1; row <= md.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            MethodSpecificationHandle handle = MetadataTokens.MethodSpecificationHandle(row);
            MethodSpecification spec = md.GetMethodSpecification(handle);
            var provider = new SignatureNames(names);
            ImmutableArray<string> arguments = spec.DecodeSignature(provider, null);
            findings.Add($"generic method instantiation {names.Member(spec.Method)}<{string.Join(", ", arguments)}>{UsedIn(users, handle)}: no generic methods on nanoFramework 1.x");
        }

        for (int row = 1; row <= md.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            TypeSpecificationHandle handle = MetadataTokens.TypeSpecificationHandle(row);
            var provider = new SignatureNames(names);
            string type = md.GetTypeSpecification(handle).DecodeSignature(provider, null);
            if (provider.Unsupported is not null)
            {
                findings.Add($"type specification {type} ({provider.Unsupported}){UsedIn(users, SpecUsers(md, handle))}: not supported on nanoFramework 1.x");
            }
        }

        foreach (TypeReferenceHandle handle in md.TypeReferences)
        {
            string name = names.Type(handle);
            if (name.Contains('`', StringComparison.Ordinal))
            {
                findings.Add($"reference to generic type {name}: no generics on nanoFramework 1.x");
            }
        }

        CheckSignatures(md, names, findings);
        return findings;
    }

    private bool IsCoreLibrary(AssemblyName reference)
    {
        if (!string.Equals(reference.Name, _coreLibrary.Name, StringComparison.Ordinal) || reference.Version != _coreLibrary.Version)
        {
            return false;
        }

        byte[] expected = _coreLibrary.GetPublicKeyToken() ?? [];
        byte[] actual = reference.GetPublicKeyToken() ?? [];
        return expected.AsSpan().SequenceEqual(actual);
    }

    private static void CheckSignatures(MetadataReader md, Names names, List<string> findings)
    {
        foreach (TypeDefinitionHandle typeHandle in md.TypeDefinitions)
        {
            TypeDefinition type = md.GetTypeDefinition(typeHandle);
            foreach (FieldDefinitionHandle fieldHandle in type.GetFields())
            {
                FieldDefinition field = md.GetFieldDefinition(fieldHandle);
                var provider = new SignatureNames(names);
                string fieldType = field.DecodeSignature(provider, null);
                if (provider.Unsupported is not null)
                {
                    findings.Add($"field {names.Type(typeHandle)}.{md.GetString(field.Name)} has type {fieldType} ({provider.Unsupported})");
                }
            }

            foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
            {
                MethodDefinition method = md.GetMethodDefinition(methodHandle);
                var provider = new SignatureNames(names);
                MethodSignature<string> signature = method.DecodeSignature(provider, null);
                if (provider.Unsupported is not null)
                {
                    findings.Add($"method {names.Method(methodHandle)}({string.Join(", ", signature.ParameterTypes)}) returning {signature.ReturnType}: signature has {provider.Unsupported}");
                }
            }

            foreach (PropertyDefinitionHandle propertyHandle in type.GetProperties())
            {
                PropertyDefinition property = md.GetPropertyDefinition(propertyHandle);
                var provider = new SignatureNames(names);
                MethodSignature<string> signature = property.DecodeSignature(provider, null);
                if (provider.Unsupported is not null)
                {
                    findings.Add($"property {names.Type(typeHandle)}.{md.GetString(property.Name)} has type {signature.ReturnType} ({provider.Unsupported})");
                }
            }
        }

        // Locals: one standalone signature per method body (shared between identical bodies).
        for (int row = 1; row <= md.GetTableRowCount(TableIndex.StandAloneSig); row++)
        {
            StandaloneSignature standalone = md.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(row));
            var provider = new SignatureNames(names);
            if (standalone.GetKind() == StandaloneSignatureKind.LocalVariables)
            {
                ImmutableArray<string> locals = standalone.DecodeLocalSignature(provider, null);
                if (provider.Unsupported is not null)
                {
                    findings.Add($"local variables ({string.Join(", ", locals)}) of {names.LocalsOwner(row)}: {provider.Unsupported}");
                }
            }
        }
    }

    // A TypeSpec is used directly (a castclass/newobj/ldtoken operand) or as the parent of a member
    // reference (Action<int>::Invoke) or of a generic method instantiation built on such a member.
    private static List<EntityHandle> SpecUsers(MetadataReader md, TypeSpecificationHandle spec)
    {
        var handles = new List<EntityHandle> { spec };
        foreach (MemberReferenceHandle memberHandle in md.MemberReferences)
        {
            if (md.GetMemberReference(memberHandle).Parent == (EntityHandle)spec)
            {
                handles.Add(memberHandle);
            }
        }

        return handles;
    }

    private static string UsedIn(Dictionary<EntityHandle, SortedSet<string>> users, EntityHandle handle) => UsedIn(users, [handle]);

    private static string UsedIn(Dictionary<EntityHandle, SortedSet<string>> users, List<EntityHandle> handles)
    {
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (EntityHandle handle in handles)
        {
            if (users.TryGetValue(handle, out SortedSet<string>? set))
            {
                methods.UnionWith(set);
            }
        }

        return methods.Count == 0 ? string.Empty : " used in " + string.Join(", ", methods);
    }

    // Walks every method body's IL and records, for each metadata token operand, the methods using it.
    private static Dictionary<EntityHandle, SortedSet<string>> FindUsers(MetadataReader md, PEReader pe, Names names)
    {
        var users = new Dictionary<EntityHandle, SortedSet<string>>();
        foreach (MethodDefinitionHandle methodHandle in md.MethodDefinitions)
        {
            MethodDefinition method = md.GetMethodDefinition(methodHandle);
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            MethodBodyBlock body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                names.SetLocalsOwner(MetadataTokens.GetRowNumber(body.LocalSignature), names.Method(methodHandle));
            }

            BlobReader il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                ushort code = il.ReadByte();
                if (code == 0xFE)
                {
                    code = (ushort)(0xFE00 | il.ReadByte());
                }

                OperandType operand = OperandTypes.TryGetValue(code, out OperandType known)
                    ? known
                    : throw new InvalidDataException($"unknown IL opcode 0x{code:X} in {names.Method(methodHandle)}");
                switch (operand)
                {
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineType:
                    case OperandType.InlineTok:
                    case OperandType.InlineSig:
                        EntityHandle token = MetadataTokens.EntityHandle(il.ReadInt32());
                        if (!users.TryGetValue(token, out SortedSet<string>? set))
                        {
                            set = new SortedSet<string>(StringComparer.Ordinal);
                            users.Add(token, set);
                        }

                        set.Add(names.Method(methodHandle));
                        break;
                    case OperandType.InlineSwitch:
                        int targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    default:
                        il.Offset += OperandSize(operand);
                        break;
                }
            }
        }

        return users;
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    // The opcode table of System.Reflection.Emit, read once: opcode value -> operand kind.
    private static Dictionary<ushort, OperandType> LoadOperandTypes()
    {
        var table = new Dictionary<ushort, OperandType>();
        foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is OpCode opcode)
            {
                table[unchecked((ushort)opcode.Value)] = opcode.OperandType;
            }
        }

        return table;
    }

    private sealed class Names(MetadataReader md)
    {
        private readonly Dictionary<int, string> _localsOwners = [];

        public void SetLocalsOwner(int row, string method) => _localsOwners.TryAdd(row, method);

        public string LocalsOwner(int row) => _localsOwners.TryGetValue(row, out string? method) ? method : "standalone signature " + row;

        public string Type(EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    TypeDefinition definition = md.GetTypeDefinition((TypeDefinitionHandle)handle);
                    string name = md.GetString(definition.Name);
                    TypeDefinitionHandle outer = definition.GetDeclaringType();
                    if (!outer.IsNil)
                    {
                        return Type(outer) + "/" + name;
                    }

                    string ns = md.GetString(definition.Namespace);
                    return ns.Length == 0 ? name : ns + "." + name;
                case HandleKind.TypeReference:
                    TypeReference reference = md.GetTypeReference((TypeReferenceHandle)handle);
                    string refName = md.GetString(reference.Name);
                    if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
                    {
                        return Type(reference.ResolutionScope) + "/" + refName;
                    }

                    string refNs = md.GetString(reference.Namespace);
                    return refNs.Length == 0 ? refName : refNs + "." + refName;
                case HandleKind.TypeSpecification:
                    return md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(new SignatureNames(this), null);
                default:
                    return handle.Kind.ToString();
            }
        }

        public string Method(MethodDefinitionHandle handle)
        {
            MethodDefinition method = md.GetMethodDefinition(handle);
            return Type(method.GetDeclaringType()) + "." + md.GetString(method.Name);
        }

        public string Member(EntityHandle handle)
        {
            if (handle.Kind == HandleKind.MethodDefinition)
            {
                return Method((MethodDefinitionHandle)handle);
            }

            MemberReference member = md.GetMemberReference((MemberReferenceHandle)handle);
            return Type(member.Parent) + "." + md.GetString(member.Name);
        }
    }

    // Turns signatures into readable type names and notes the first construct nanoFramework 1.x lacks.
    private sealed class SignatureNames(Names names) : ISignatureTypeProvider<string, object?>
    {
        public string? Unsupported { get; private set; }

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
        {
            Note("a generic instantiation");
            return genericType + "<" + string.Join(", ", typeArguments) + ">";
        }

        public string GetGenericTypeParameter(object? genericContext, int index)
        {
            Note("a generic type parameter");
            return "!" + index;
        }

        public string GetGenericMethodParameter(object? genericContext, int index)
        {
            Note("a generic method parameter");
            return "!!" + index;
        }

        public string GetArrayType(string elementType, ArrayShape shape)
        {
            Note("a multi-dimensional array");
            return elementType + "[" + new string(',', shape.Rank - 1) + "]";
        }

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetByReferenceType(string elementType) => elementType + "&";

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetPinnedType(string elementType) => elementType + " pinned";

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetFunctionPointerType(MethodSignature<string> signature) => "method pointer";

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => names.Type(handle);

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => names.Type(handle);

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        private void Note(string what) => Unsupported ??= what;
    }
}
