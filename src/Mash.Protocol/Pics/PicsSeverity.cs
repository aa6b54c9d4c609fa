namespace Mash.Protocol.Pics;

public enum PicsSeverity
{
    /// <summary>The file is not a valid PICS for the registry.</summary>
    Error,

    /// <summary>Valid, but something a reader or another tool may get wrong.</summary>
    Warning,
}
