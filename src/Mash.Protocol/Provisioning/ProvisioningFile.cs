using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Mash.Protocol.DotNet.Crypto;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;

namespace Mash.Protocol.Provisioning;

/// <summary>
/// What a factory writes into one device (as esp-matter's mfg_tool does): the discriminator and
/// the SPAKE2+ verifier (w0, L), never the setup code. The code exists only on the label and in
/// the batch's onboarding files, so a dumped device does not reveal it.
/// JSON: {"format": "mash-provisioning/1", "discriminator": N, "verifier": base64(w0 || L), "vendorId": N, "productId": N}.
/// </summary>
public sealed record ProvisioningFile(Discriminator Discriminator, Spake2PlusVerifier Verifier, int VendorId, int ProductId)
{
    public const string Format = "mash-provisioning/1";

    public static ProvisioningFile FromSetupCode(Discriminator discriminator, SetupCode setupCode, int vendorId, int productId) =>
        new(discriminator, Spake2PlusVerifier.Derive(SystemCryptoPal.Instance, OpenSslP256Group.Instance, setupCode), vendorId, productId);

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("discriminator", Discriminator.Value);
            json.WriteString("verifier", Convert.ToBase64String(Verifier.Encode()));
            json.WriteNumber("vendorId", VendorId);
            json.WriteNumber("productId", ProductId);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Parses and checks a provisioning file; a <see cref="FormatException"/> names what is wrong.</summary>
    public static ProvisioningFile Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            string? format = root.GetProperty("format").GetString();
            if (format != Format)
            {
                throw new FormatException($"provisioning file format is \"{format}\", expected \"{Format}\"");
            }

            var discriminator = new Discriminator(root.GetProperty("discriminator").GetInt32());
            Spake2PlusVerifier verifier = Spake2PlusVerifier.Decode(OpenSslP256Group.Instance, Convert.FromBase64String(root.GetProperty("verifier").GetString() ?? string.Empty));
            return new ProvisioningFile(discriminator, verifier, root.GetProperty("vendorId").GetInt32(), root.GetProperty("productId").GetInt32());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or OnboardingFormatException or PaseException)
        {
            throw new FormatException("provisioning file: " + ex.Message, ex);
        }
        catch (FormatException ex) when (!ex.Message.StartsWith("provisioning file", StringComparison.Ordinal))
        {
            throw new FormatException("provisioning file: " + ex.Message, ex);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"provisioning for discriminator {Discriminator}");
}
