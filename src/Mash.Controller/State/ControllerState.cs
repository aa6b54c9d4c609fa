using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Mash.Protocol.Certificates;
using Mash.Protocol.DotNet;
using Mash.Protocol.Zones;

namespace Mash.Controller.State;

/// <summary>
/// The controller's persistent state in one folder: its Zone CA (certificate and key), its own
/// certificate for mutual TLS, and the devices it commissioned. One folder is one zone: a
/// controller acts for exactly one zone type, and a second zone needs a second folder.
/// Nothing is written until the first commissioning needs it. Not thread-safe.
/// </summary>
/// <remarks>
/// Keys are PKCS#8 PEM without a passphrase, so the folder is created 0700 and every file 0600
/// (on Unix), like an SSH key directory. Files are replaced by rename, so a crash leaves the old
/// or the new version, never half of one.
/// </remarks>
public sealed class ControllerState : IDisposable
{
    public const string ZoneCaCertificateFileName = "zone-ca.pem";
    public const string ZoneCaKeyFileName = "zone-ca.key";
    public const string ControllerCertificateFileName = "controller.pem";
    public const string ControllerKeyFileName = "controller.key";
    public const string DevicesFileName = "devices.json";

    /// <summary>The controller certificate is replaced when less than this remains of it.</summary>
    public static readonly TimeSpan ControllerCertificateRenewal = TimeSpan.FromDays(30);

    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly List<DeviceRecord> _devices;

    private ControllerState(string directory, ZoneCertificateAuthority? zone, X509Certificate2? controllerCertificate, List<DeviceRecord> devices)
    {
        DirectoryPath = directory;
        Zone = zone;
        ControllerCertificate = controllerCertificate;
        _devices = devices;
    }

    /// <summary>$XDG_CONFIG_HOME/mashctl, or ~/.config/mashctl when that is not set.</summary>
    public static string DefaultDirectory
    {
        get
        {
            string? xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            string config = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return Path.Combine(config, "mashctl");
        }
    }

    public string DirectoryPath { get; }

    /// <summary>The zone's CA; null until the first commissioning created it.</summary>
    public ZoneCertificateAuthority? Zone { get; private set; }

    public ZoneType? ZoneType => Zone?.ZoneType;

    /// <summary>Our certificate with its private key, issued by <see cref="Zone"/>; null until the zone exists.</summary>
    public X509Certificate2? ControllerCertificate { get; private set; }

    /// <summary>Commissioned devices, in the order they were first added.</summary>
    public IReadOnlyList<DeviceRecord> Devices => _devices;

    /// <summary>Reads the state in <paramref name="directory"/> (default <see cref="DefaultDirectory"/>). A missing folder is an empty state.</summary>
    /// <exception cref="ControllerStateException">A file is unreadable or damaged.</exception>
    public static ControllerState Open(string? directory = null)
    {
        string path = Path.GetFullPath(string.IsNullOrWhiteSpace(directory) ? DefaultDirectory : directory);
        if (File.Exists(path))
        {
            throw new ControllerStateException($"{path} is a file; the controller state needs a folder");
        }

        ZoneCertificateAuthority? zone = null;
        X509Certificate2? controller = null;
        try
        {
            zone = LoadZone(path);
            controller = zone is null ? null : LoadControllerCertificate(path);
            List<DeviceRecord> devices = LoadDevices(path);
            return new ControllerState(path, zone, controller, devices);
        }
        catch
        {
            controller?.Dispose();
            zone?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The zone's CA for commissioning as <paramref name="zoneType"/>: created (with the folder and
    /// the controller certificate) on first use, loaded afterwards. Also renews the controller
    /// certificate when it is close to expiry.
    /// </summary>
    /// <exception cref="ControllerStateException">The state already holds a zone of another type, or the files cannot be written.</exception>
    public ZoneCertificateAuthority EnsureZone(ZoneType zoneType, DateTimeOffset now, string? zoneName = null)
    {
        if (!ZoneTypes.IsDefined(zoneType))
        {
            throw new ArgumentOutOfRangeException(nameof(zoneType), zoneType, "unknown zone type");
        }

        CheckZoneType(zoneType);
        if (Zone is null)
        {
            CreateFolder();
            ZoneCertificateAuthority created = ZoneCertificateAuthority.Create(zoneType, zoneName, now);
            try
            {
                // Key first: a crash between the two writes leaves a key without a certificate,
                // which Open reports, instead of a certificate nobody can sign with.
                WriteFile(ZoneCaKeyFileName, created.ExportPrivateKeyPem());
                WriteFile(ZoneCaCertificateFileName, created.ExportCertificatePem());
            }
            catch
            {
                created.Dispose();
                throw;
            }

            Zone = created;
        }

        if (ControllerCertificate is not { } current
            || current.NotAfter.ToUniversalTime() - now.UtcDateTime < ControllerCertificateRenewal
            || !IssuedBy(current, Zone.Certificate, now))
        {
            X509Certificate2 issued = Zone.IssueControllerCertificate(Zone.Fingerprint, now);
            try
            {
                using ECDsa key = issued.GetECDsaPrivateKey()!;
                WriteFile(ControllerKeyFileName, key.ExportPkcs8PrivateKeyPem());
                WriteFile(ControllerCertificateFileName, issued.ExportCertificatePem());
            }
            catch
            {
                issued.Dispose();
                throw;
            }

            ControllerCertificate?.Dispose();
            ControllerCertificate = issued;
        }

        return Zone;
    }

    /// <summary>Throws unless this state can act as <paramref name="zoneType"/>: it has no zone yet, or a zone of that type. Writes nothing.</summary>
    /// <exception cref="ControllerStateException">The state holds a zone of another type.</exception>
    public void CheckZoneType(ZoneType zoneType)
    {
        if (Zone is { } existing && existing.ZoneType != zoneType)
        {
            throw new ControllerStateException(
                $"the controller state in {DirectoryPath} is a {existing.ZoneType.ToOptionName()} zone; a controller is one zone, "
                + $"so use another --state folder to act as {zoneType.ToOptionName()}");
        }
    }

    /// <summary>The record with this device ID, or null.</summary>
    public DeviceRecord? FindDevice(string deviceId)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        return _devices.Find(d => string.Equals(d.DeviceId, deviceId.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Adds the device, or replaces the record with the same device ID, and saves devices.json.</summary>
    public void SaveDevice(DeviceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var updated = new List<DeviceRecord>(_devices);
        int index = updated.FindIndex(d => string.Equals(d.DeviceId, record.DeviceId, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            updated[index] = record;
        }
        else
        {
            updated.Add(record);
        }

        WriteDevices(updated);
    }

    /// <summary>Records a successful connection; returns the updated record, or null for an unknown device.</summary>
    public DeviceRecord? MarkSeen(string deviceId, DateTimeOffset when)
    {
        DeviceRecord? known = FindDevice(deviceId);
        if (known is null)
        {
            return null;
        }

        DeviceRecord seen = known with { LastSeen = when };
        SaveDevice(seen);
        return seen;
    }

    /// <summary>Forgets a device (its zone on the device is not touched). False if it was not known.</summary>
    public bool RemoveDevice(string deviceId)
    {
        DeviceRecord? known = FindDevice(deviceId);
        if (known is null)
        {
            return false;
        }

        var updated = new List<DeviceRecord>(_devices);
        updated.Remove(known);
        WriteDevices(updated);
        return true;
    }

    public void Dispose()
    {
        ControllerCertificate?.Dispose();
        Zone?.Dispose();
    }

    public override string ToString() => $"controller state {DirectoryPath}";

    private static ZoneCertificateAuthority? LoadZone(string folder)
    {
        string certificatePath = Path.Combine(folder, ZoneCaCertificateFileName);
        string keyPath = Path.Combine(folder, ZoneCaKeyFileName);
        bool hasCertificate = File.Exists(certificatePath);
        bool hasKey = File.Exists(keyPath);
        if (!hasCertificate && !hasKey)
        {
            return null;
        }

        if (!hasCertificate || !hasKey)
        {
            throw new ControllerStateException(
                $"the Zone CA in {folder} is incomplete ({(hasKey ? certificatePath : keyPath)} is missing); restore it from a backup, "
                + "or use a new --state folder (devices commissioned with this CA must then be commissioned again)");
        }

        try
        {
            return ZoneCertificateAuthority.FromPem(ReadFile(certificatePath), ReadFile(keyPath));
        }
        catch (CryptographicException ex)
        {
            throw new ControllerStateException($"the Zone CA in {folder} cannot be used: {ex.Message}", ex);
        }
    }

    private static X509Certificate2? LoadControllerCertificate(string folder)
    {
        string certificatePath = Path.Combine(folder, ControllerCertificateFileName);
        string keyPath = Path.Combine(folder, ControllerKeyFileName);
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            // Issued again from the CA by EnsureZone; nothing else depends on this one.
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPem(ReadFile(certificatePath), ReadFile(keyPath));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static List<DeviceRecord> LoadDevices(string folder)
    {
        string path = Path.Combine(folder, DevicesFileName);
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            DeviceList? list = JsonSerializer.Deserialize(ReadFile(path), DeviceListJsonContext.Default.DeviceList);
            return list?.Devices ?? throw new ControllerStateException($"{path} is empty; it should list the known devices");
        }
        catch (JsonException ex)
        {
            throw new ControllerStateException($"{path} is damaged ({ex.Message}); fix or remove it", ex);
        }
    }

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ControllerStateException($"cannot read {path}: {ex.Message}", ex);
        }
    }

    private static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 authority, DateTimeOffset now)
    {
        using var chain = new X509Chain { ChainPolicy = OfflineChainPolicy.Create(authority) };
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        return chain.Build(certificate);
    }

    private void WriteDevices(List<DeviceRecord> devices)
    {
        CreateFolder();
        string json = JsonSerializer.Serialize(new DeviceList { Devices = devices }, DeviceListJsonContext.Default.DeviceList);
        WriteFile(DevicesFileName, json + "\n");
        _devices.Clear();
        _devices.AddRange(devices);
    }

    private void CreateFolder()
    {
        try
        {
            if (Directory.Exists(DirectoryPath))
            {
                return;
            }

            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(DirectoryPath);
            }
            else
            {
                Directory.CreateDirectory(DirectoryPath, PrivateFolder);

                // CreateDirectory applies the umask; the folder holds private keys, so make sure.
                File.SetUnixFileMode(DirectoryPath, PrivateFolder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ControllerStateException($"cannot create the controller state folder {DirectoryPath}: {ex.Message}", ex);
        }
    }

    /// <summary>Writes a temporary file created 0600, flushes it to disk, then renames it over the target.</summary>
    private void WriteFile(string name, string content)
    {
        string path = Path.Combine(DirectoryPath, name);
        string temporary = path + ".tmp";
        try
        {
            File.Delete(temporary);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = PrivateFile;
            }

            using (var stream = new FileStream(temporary, options))
            {
                byte[] bytes = Encoding.UTF8.GetBytes(content);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ControllerStateException($"cannot write {path}: {ex.Message}", ex);
        }
    }
}
