using System.Collections.Generic;

namespace Mash.Fuzz.Targets;

/// <summary>Frame payloads from the wire digest (sections 1.6, 2.3, 2.5, 3.4).</summary>
internal static class WireSeeds
{
    public const string PaseRequestHex =
        "a3 01 01 02 58 41 0420dfffb0ea1bb27e2f1afb227cdd645d5d3d7c697ce189cfdb7573de6abf4779a9df7b7b4a528cce65df117ccc48b8a81599f12c54d719c2419044072572fb41 03 4f 6d6173682d636f6e74726f6c6c6572";

    public static IEnumerable<byte[]> Envelopes()
    {
        string[] hex =
        {
            "a2 01 01 02 07",                                  // ping seq 7
            "a2 01 02 02 07",                                  // pong seq 7
            "a1 01 03",                                        // close
            "a2 64 74797065 64 70696e67 63 736571 07",         // {"type":"ping","seq":7}
            "a2 64 74797065 65 636c6f7365 66 726561736f6e 61 78", // {"type":"close","reason":"x"}
            "a3 01 02 02 00 03 a0",                            // response, empty payload
            "a5 01 02 02 01 03 00 04 01 05 f6",                // read all
            "a4 01 01 02 01 03 00 04 00",                      // read without payload
            "a5 01 03 02 01 03 01 04 04 05 82 01 02",          // read [1,2]
            "a5 01 02 02 03 03 01 04 04 05 a1 01 81 01",       // subscribe [1]
            "a5 01 02 02 03 03 01 04 04 05 a3 01 82 01 02 02 19 03e8 03 19 ea60",
            "a5 01 04 02 03 03 00 04 00 05 a1 01 01",          // unsubscribe
            "a5 01 06 02 04 03 01 04 05 05 a2 01 01 02 a2 65 6361757365 03 70 636f6e73756d7074696f6e4c696d6974 1a 004c4b40",
            "a5 01 06 02 04 03 01 04 05 05 a2 01 02 02 f6",    // clearLimit
            "a5 01 08 02 02 03 01 04 05 05 a1 18 48 19 1c20",  // write {72: 7200}
            "a3 01 02 02 00 03 a2 01 01 02 a1 01 1a 00150ea0", // subscribe response
            "a5 01 00 02 01 03 01 04 04 05 a1 01 1a 002450e0", // notification
            "a2 01 18 21 02 00",                               // renewal ack
            "bf 01 02 02 01 03 00 04 01 ff",                   // indefinite-length map
            "a5 01 02 02 01 03 00 04 01 05 d8 18 f6",          // tagged payload
            "a5 01 02 02 01 03 00 04 01 05 fa 7fc00000",       // NaN payload
            "a5 01 02 02 01 03 00 04 01 05 f9 3c00",           // half float payload
        };
        foreach (string h in hex)
        {
            yield return Hex.Bytes(h);
        }
    }

    public static IEnumerable<byte[]> Commissioning()
    {
        yield return Hex.Bytes(PaseRequestHex);
        yield return Hex.Bytes("a2 01 02 02 58 41 04422d7044f50f9435d0806455245967dfc8d3dd33f0256935ad92a8f94acca31f717889ad1f81163fdf0b49fbd778f24c16a2f52cac6390bd9bd484bd05b577cb");
        yield return Hex.Bytes("a2 01 03 02 58 20 734cbec8420073b52f3c318819945f3839ff8bb1c291646e6d036d44704abe5f");
        yield return Hex.Bytes("a3 01 04 02 58 20 007d989e71db38c1441c421c7638b0d9c1fc32032064ef6b217087410d79734b 03 00");
        yield return Hex.Bytes("a3 01 18 ff 02 01 03 72 696e76616c6964207075626c6963206b6579");
    }
}
