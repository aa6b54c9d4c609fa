using System.Globalization;
using Mash.Protocol.Wire;

namespace Mash.Tool.Operating;

/// <summary>Status codes as the specification writes them: NOT_AUTHORIZED, INVALID_PARAMETER.</summary>
internal static class StatusNames
{
    public static string Of(StatusCode status)
    {
        if (status is < StatusCode.Success or > StatusCode.ResourceExhausted)
        {
            return "status " + ((int)status).ToString(CultureInfo.InvariantCulture);
        }

        return EnumNames.UpperSnake(status.ToString());
    }
}
