using System;
using System.Collections.Generic;
using System.Text;
using Mash.Protocol.Onboarding;

namespace Mash.Fuzz.Targets;

/// <summary>
/// What a controller or installer types or scans: QR payloads, manual codes, setup codes and
/// discriminators. Each parser succeeds or throws <see cref="OnboardingFormatException"/>;
/// a parsed QR payload or manual code formats back to text that parses to the same values.
/// </summary>
internal sealed class OnboardingTarget : IFuzzTarget
{
    public string Name => "onboarding";

    public string Description => "QrPayload.Parse/TryParse, ManualCode.Parse, OnboardingCode.Parse, SetupCode.Parse, Discriminator.Parse";

    public void Run(ReadOnlySpan<byte> input)
    {
        string text = Encoding.UTF8.GetString(input);
        try
        {
            QrPayload qr = QrPayload.Parse(text);
            QrPayload again = QrPayload.Parse(qr.ToString());
            if (again.Version != qr.Version || again.Discriminator != qr.Discriminator || again.SetupCode != qr.SetupCode)
            {
                throw new FuzzInvariantException($"QR payload {qr} changed in a format/parse round trip");
            }
        }
        catch (OnboardingFormatException)
        {
        }

        if (QrPayload.TryParse(text, out QrPayload? tried) != (tried is not null))
        {
            throw new FuzzInvariantException("TryParse result and payload disagree");
        }

        try
        {
            (Discriminator d, SetupCode s) = ManualCode.Parse(text);
            (Discriminator d2, SetupCode s2) = ManualCode.Parse(ManualCode.Format(d, s));
            if (d2 != d || s2 != s)
            {
                throw new FuzzInvariantException($"manual code {d}/{s} changed in a format/parse round trip");
            }
        }
        catch (OnboardingFormatException)
        {
        }

        Expect(() => OnboardingCode.Parse(text));
        Expect(() => SetupCode.Parse(text));
        Expect(() => Discriminator.Parse(text));
        Expect(() => Discriminator.Parse(text, allowLeadingZeros: true));
    }

    public IEnumerable<byte[]> Seeds()
    {
        string[] texts =
        {
            "MASH:1:1234:12345678",
            "MASH:1:1234:12345678:0x1234:0xABCD",
            " MASH:1:0:00000001 ",
            "mash:1:4095:99999999",
            ManualCode.Format(Discriminator.Parse("1234"), SetupCode.Parse("12345678")),
            "1234-1234-5678",
            "1234 12345678",
            "4095",
            "00000000",
        };
        foreach (string text in texts)
        {
            yield return Encoding.UTF8.GetBytes(text);
        }
    }

    private static void Expect(Action parse)
    {
        try
        {
            parse();
        }
        catch (OnboardingFormatException)
        {
        }
    }
}
