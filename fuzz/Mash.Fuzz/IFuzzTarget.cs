using System;
using System.Collections.Generic;

namespace Mash.Fuzz;

/// <summary>
/// One parser under fuzz. <see cref="Run"/> feeds it one input and swallows only the exception
/// type the parser documents for bad input; anything else escapes and is a crash.
/// </summary>
internal interface IFuzzTarget
{
    string Name { get; }

    /// <summary>What the target covers, for --list and the README.</summary>
    string Description { get; }

    void Run(ReadOnlySpan<byte> input);

    /// <summary>Starting inputs: the digest's byte examples and what our own encoders produce.</summary>
    IEnumerable<byte[]> Seeds();
}
