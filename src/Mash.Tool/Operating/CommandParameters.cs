using System;
using System.Collections.Generic;
using System.Globalization;
using Mash.Device.Model;
using Mash.Protocol.Wire;
using Mash.Tool.Commands;

namespace Mash.Tool.Operating;

/// <summary>
/// <c>--param K=V</c> into an invoke parameter map. Keys are text, as the reference controller
/// sends them; a number as key sends the [63] integer key instead. Values follow the declared
/// parameter type when the command is known, else the first that fits of int64, bool, double, text.
/// </summary>
internal static class CommandParameters
{
    /// <summary>The parameter map, or null when there are none (the reference sends null then).</summary>
    /// <exception cref="CommandFailedException">Malformed K=V, an unknown name or a value of the wrong type (exit 1).</exception>
    public static CborMap? Parse(IReadOnlyList<string> parameters, CommandDeclaration? command)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0)
        {
            return null;
        }

        var map = new CborMap(parameters.Count);
        foreach (string parameter in parameters)
        {
            int eq = parameter.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw CommandFailedException.Usage($"--param \"{parameter}\" is not KEY=VALUE");
            }

            string key = parameter[..eq].Trim();
            string text = parameter[(eq + 1)..];
            if (long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out long integerKey))
            {
                map.Set(integerKey, Generic(text));
                continue;
            }

            CommandParameter? declared = null;
            if (command is not null)
            {
                declared = command.FindParameter(key) ?? throw CommandFailedException.Usage(UnknownParameter(command, key));
            }

            map.Set(declared?.Name ?? key, declared is null ? Generic(text) : Typed(declared, text));
        }

        return map;
    }

    /// <summary>int64, then bool, then double, else the text as given.</summary>
    public static CborValue Generic(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            return CborValue.FromInt64(integer);
        }

        if (bool.TryParse(text, out bool flag))
        {
            return CborValue.FromBoolean(flag);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number))
        {
            return CborValue.FromDouble(number);
        }

        return CborValue.FromText(text);
    }

    private static CborValue Typed(CommandParameter parameter, string text)
    {
        switch (parameter.Type)
        {
            case AttributeType.Boolean:
                return bool.TryParse(text, out bool flag) ? CborValue.FromBoolean(flag) : throw WrongType(parameter, text, "true or false");
            case AttributeType.UInt8:
            case AttributeType.UInt16:
            case AttributeType.UInt32:
            case AttributeType.UInt64:
                return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong unsigned)
                    ? CborValue.FromUInt64(unsigned)
                    : throw WrongType(parameter, text, "a whole number of at least 0");
            case AttributeType.Int64:
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long signed)
                    ? CborValue.FromInt64(signed)
                    : throw WrongType(parameter, text, "a whole number");
            case AttributeType.Text:
                return CborValue.FromText(text);
            case AttributeType.Bytes:
                string hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
                try
                {
                    return CborValue.FromBytes(Convert.FromHexString(hex));
                }
                catch (FormatException)
                {
                    throw WrongType(parameter, text, "bytes in hex");
                }

            default:
                return Generic(text);
        }
    }

    private static CommandFailedException WrongType(CommandParameter parameter, string text, string expected) =>
        CommandFailedException.Usage($"--param {parameter.Name}=\"{text}\": {parameter.Name} takes {expected}{(parameter.Unit is null ? string.Empty : " (" + parameter.Unit + ")")}");

    private static string UnknownParameter(CommandDeclaration command, string key)
    {
        if (command.Parameters.Length == 0)
        {
            return $"{command.Name} takes no parameters (got \"{key}\")";
        }

        var names = new List<string>();
        foreach (CommandParameter p in command.Parameters)
        {
            names.Add(p.Name + (p.Required ? " (required)" : string.Empty));
        }

        return $"unknown parameter \"{key}\" for {command.Name}; valid: {string.Join(", ", names)}";
    }
}
