using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Mash.Device.Tests.PortReadiness;

/// <summary>
/// The real firmware core (src/Mash.Firmware.Nano, the same source files as the host's core
/// compiled against nanoFramework.CoreLibrary's mscorlib) is nanoFramework 1.x code: no generics
/// of any kind, no reference to anything but that mscorlib, and it holds the whole core.
/// </summary>
public class NanoFrameworkAssemblyTests
{
    private static string FirmwarePath
    {
        get
        {
            foreach (AssemblyMetadataAttribute attribute in typeof(NanoFrameworkAssemblyTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
            {
                if (attribute.Key == "NanoFrameworkFirmware" && attribute.Value is { Length: > 0 } path)
                {
                    Assert.True(File.Exists(path), $"{path} is missing: the test project builds src/Mash.Firmware.Nano first");
                    return path;
                }
            }

            throw new InvalidOperationException("the test project passes the firmware assembly's path as AssemblyMetadata NanoFrameworkFirmware");
        }
    }

    [Fact]
    public void The_firmware_assembly_has_no_generics_and_references_only_nanoFramework_mscorlib()
    {
        IReadOnlyList<string> findings = NanoScratch.Checker().Check(FirmwarePath);

        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    [Fact]
    public void The_firmware_assembly_holds_the_whole_core_and_none_of_the_host_or_controller_code()
    {
        using FileStream stream = File.OpenRead(FirmwarePath);
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();
        var types = md.TypeDefinitions
            .Select(h => md.GetTypeDefinition(h))
            .Select(t => md.GetString(t.Namespace) + "." + md.GetString(t.Name))
            .ToHashSet(StringComparer.Ordinal);

        string[] core =
        [
            "Mash.Device.Runtime.Scheduler",
            "Mash.Device.Transport.DeviceConnection",
            "Mash.Device.Composition.DeviceCore",
            "Mash.Device.Zones.ZoneStore",
            "Mash.Device.Discovery.MdnsResponder",
            "Mash.Device.Commissioning.CommissioningService",
            "Mash.Device.Interaction.InteractionHandler",
            "Mash.Device.Load.LoadControl",
            "Mash.Protocol.Wire.CborReader",
            "Mash.Protocol.Wire.FrameReader",
            "Mash.Protocol.Pase.Spake2PlusVerifierSession",
        ];
        Assert.All(core, name => Assert.Contains(name, types));
        Assert.DoesNotContain(types, t => t.StartsWith("Mash.Protocol.Pics.", StringComparison.Ordinal)
            || t.StartsWith("Mash.Protocol.DotNet.", StringComparison.Ordinal)
            || t.StartsWith("Mash.Device.DotNet.", StringComparison.Ordinal));
    }
}
