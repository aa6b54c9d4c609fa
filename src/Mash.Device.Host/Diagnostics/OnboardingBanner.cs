using System;
using System.IO;
using Mash.Device.Identity;
using QRCoder;

namespace Mash.Device.Host.Diagnostics;

/// <summary>
/// What an installer reads off the console in place of a printed label: one "key: value" per line
/// (scripts grep them; the QR payload stands alone on its line), then the QR code in half-block
/// characters so a phone can scan it from the terminal.
/// </summary>
public static class OnboardingBanner
{
    public static void Write(TextWriter output, DeviceIdentity identity, string board, int port, string zones, string window)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(identity);
        output.WriteLine($"device-id: {identity.DeviceId}");
        output.WriteLine($"board: {board}");
        output.WriteLine($"port: {port}");
        output.WriteLine($"zones: {zones}");
        output.WriteLine($"commissioning-window: {window}");
        output.WriteLine($"discriminator: {identity.Discriminator}");
        if (identity.QrPayload is not { } qr)
        {
            output.WriteLine("setup-code: (provisioned; see the device label)");
            output.Flush();
            return;
        }

        output.WriteLine($"setup-code: {identity.SetupCode}");
        output.WriteLine($"manual-code: {identity.ManualCode}");
        output.WriteLine(qr.ToString());
        output.WriteLine(RenderQr(qr.ToString()));
        output.Flush();
    }

    /// <summary>The QR code as text, two modules per character row, with a quiet zone.</summary>
    public static string RenderQr(string payload)
    {
        using var generator = new QRCodeGenerator();
        using QRCodeData data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        using var ascii = new AsciiQRCode(data);
        return ascii.GetGraphicSmall(drawQuietZones: true);
    }
}
