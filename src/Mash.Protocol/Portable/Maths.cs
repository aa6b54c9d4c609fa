namespace Mash.Protocol.Portable;

/// <summary>The few integer helpers the core needs; nanoFramework's mscorlib has no System.Math.</summary>
public static class Maths
{
    public static int Min(int a, int b) => a < b ? a : b;

    public static int Max(int a, int b) => a > b ? a : b;

    public static long Min(long a, long b) => a < b ? a : b;

    public static long Max(long a, long b) => a > b ? a : b;

    public static long Abs(long a) => a < 0 ? -a : a;

    public static int Clamp(int value, int min, int max) => value < min ? min : (value > max ? max : value);

    public static long Clamp(long value, long min, long max) => value < min ? min : (value > max ? max : value);
}
