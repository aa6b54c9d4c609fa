using System;
using System.Collections.Generic;
using Mash.Fuzz.Targets;

namespace Mash.Fuzz;

/// <summary>Every target, by the name fuzz/run.sh passes.</summary>
internal static class FuzzTargets
{
    public static IReadOnlyList<IFuzzTarget> All { get; } = new IFuzzTarget[]
    {
        new FrameTarget(),
        new CborTarget(),
        new MessageTarget(),
        new CommissioningTarget(),
        new RenewalTarget(),
        new PaseTarget(),
        new CertificateTarget(),
        new CsrTarget(),
        new DnsTarget(),
        new MdnsTarget(),
        new OnboardingTarget(),
        new BoardTarget(),
        new PicsTarget(),
    };

    public static IFuzzTarget? Find(string name)
    {
        foreach (IFuzzTarget target in All)
        {
            if (string.Equals(target.Name, name, StringComparison.Ordinal))
            {
                return target;
            }
        }

        return null;
    }
}
