using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;

namespace Mash.Cli;

/// <summary>
/// One line for every bad command line: the option, what is wrong and what is allowed, then where
/// the help is; never System.CommandLine's help dump or a .NET type name. <see cref="Apply"/> gives
/// every typed option of a command tree a value parser with such a message, so an option added
/// later gets one too; <see cref="Report"/> prints the first parse error as that line.
/// </summary>
/// <remarks>Linked into mash-load and mashctl (src/Shared/CommandLine).</remarks>
internal static class UsageErrors
{
    /// <summary>Installs value parsers and the "needs a value" check on every option of the tree.</summary>
    public static void Apply(Command root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var options = new List<Option>();
        Collect(root, names, options);
        foreach (Option option in options)
        {
            InstallParser(option);
            Option o = option;
            o.Validators.Add(r => CheckNotAnOption(r, o.Name, names));
        }
    }

    /// <summary>Whole numbers in [min, max]; the message names the option and the range.</summary>
    public static void Integer(Option<int> option, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(option);
        string name = option.Name;
        option.CustomParser = r => ParseInteger(r, name, min, max) is long v ? (int)v : default;
    }

    /// <summary>Whole numbers in [min, max], the option being optional.</summary>
    public static void Integer(Option<int?> option, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(option);
        string name = option.Name;
        option.CustomParser = r => ParseInteger(r, name, min, max) is long v ? (int)v : null;
    }

    /// <summary>Prints the first error as one line and returns true, or returns false if there is none.</summary>
    public static bool Report(ParseResult result, TextWriter error, string program)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(error);
        if (result.Errors.Count == 0)
        {
            return false;
        }

        error.WriteLine($"{program}: {Describe(result, program)} (see '{CommandPath(result.CommandResult, program)} --help')");
        error.Flush();
        return true;
    }

    /// <summary>The first error, in one line.</summary>
    public static string Describe(ParseResult result, string program)
    {
        ArgumentNullException.ThrowIfNull(result);

        // "--port --data DIR" makes both a missing value and a stray DIR: the missing value is the cause.
        foreach (ParseError error in result.Errors)
        {
            if (error.Message.Contains(" needs a value", StringComparison.Ordinal))
            {
                return error.Message;
            }
        }

        if (result.UnmatchedTokens.Count > 0)
        {
            string token = result.UnmatchedTokens[0];
            if (token.StartsWith('-'))
            {
                string? near = Nearest(token, NamesInScope(result.CommandResult));
                return $"unknown option {token}" + (near is null ? string.Empty : $" (did you mean {near}?)");
            }

            string? command = Nearest(token, SubcommandNames(result.CommandResult.Command));
            return $"unexpected argument \"{token}\"" + (command is null ? string.Empty : $" (did you mean {command}?)");
        }

        ParseError first = result.Errors[0];
        switch (first.SymbolResult)
        {
            case OptionResult { IdentifierToken: null } o:
                return $"{o.Option.Name} is required" + (o.Option.Description is { Length: > 0 } description ? $": {Lower(description)}" : string.Empty);
            case OptionResult o when o.Tokens.Count == 0 && o.Option.Arity.MinimumNumberOfValues > 0:
                return $"{o.Option.Name} needs a value";
            case ArgumentResult { Parent: OptionResult o } when o.Tokens.Count == 0 && o.Option.Arity.MinimumNumberOfValues > 0:
                return $"{o.Option.Name} needs a value";
            case OptionResult o when o.Tokens.Count > Math.Max(1, o.Option.Arity.MaximumNumberOfValues):
                return $"{o.Option.Name} is given {o.Tokens.Count} values ({Joined(o.Tokens)}); it takes one";
            case OptionResult o:
                return OptionValueMessage(o.Option, o.Tokens, first.Message);
            case ArgumentResult { Parent: OptionResult o } a when a.Tokens.Count > Math.Max(1, a.Argument.Arity.MaximumNumberOfValues):
                return $"{o.Option.Name} is given {a.Tokens.Count} values ({Joined(a.Tokens)}); it takes one";
            case ArgumentResult { Parent: OptionResult o } a:
                return OptionValueMessage(o.Option, a.Tokens, first.Message);
            case ArgumentResult { Parent: CommandResult } a when a.Tokens.Count == 0:
                return $"missing {a.Argument.Name}" + (a.Argument.Description is { Length: > 0 } d ? $": {Lower(d)}" : string.Empty);
            case CommandResult c when c.Command.Subcommands.Count > 0 && c.Command.Action is null:
                return $"{CommandPath(c, program)} needs a command: {string.Join(", ", SubcommandNames(c.Command))}";
        }

        return Clean(first.Message);
    }

    private static void Collect(Command command, HashSet<string> names, List<Option> options)
    {
        foreach (Option option in command.Options)
        {
            if (!options.Contains(option))
            {
                options.Add(option);
            }

            names.Add(option.Name);
            foreach (string alias in option.Aliases)
            {
                names.Add(alias);
            }
        }

        foreach (Command sub in command.Subcommands)
        {
            Collect(sub, names, options);
        }
    }

    /// <summary>A value parser for each kind of typed option our programs use; strings need none.</summary>
    private static void InstallParser(Option option)
    {
        string name = option.Name;
        switch (option)
        {
            case Option<int> o when o.CustomParser is null:
                o.CustomParser = r => ParseInteger(r, name, int.MinValue, int.MaxValue) is long v ? (int)v : default;
                break;
            case Option<int?> o when o.CustomParser is null:
                o.CustomParser = r => ParseInteger(r, name, int.MinValue, int.MaxValue) is long v ? (int)v : null;
                break;
            case Option<uint> o when o.CustomParser is null:
                o.CustomParser = r => ParseInteger(r, name, 0, uint.MaxValue) is long v ? (uint)v : default;
                break;
            case Option<uint?> o when o.CustomParser is null:
                o.CustomParser = r => ParseInteger(r, name, 0, uint.MaxValue) is long v ? (uint)v : null;
                break;
            case Option<byte> o when o.CustomParser is null:
                o.CustomParser = r => ParseInteger(r, name, 0, byte.MaxValue) is long v ? (byte)v : default;
                break;
            case Option<byte?> o when o.CustomParser is null:
                o.CustomParser = r => ParseInteger(r, name, 0, byte.MaxValue) is long v ? (byte)v : null;
                break;
            case Option<ushort?> o when o.CustomParser is null:
                o.CustomParser = r => ParseInteger(r, name, 0, ushort.MaxValue) is long v ? (ushort)v : null;
                break;
            case Option<double> o when o.CustomParser is null:
                o.CustomParser = r => ParseNumber(r, name) ?? default;
                break;
            case Option<double?> o when o.CustomParser is null:
                o.CustomParser = r => ParseNumber(r, name);
                break;
        }
    }

    private static long? ParseInteger(ArgumentResult r, string name, long min, long max)
    {
        if (!SingleValue(r, name, out string text))
        {
            return null;
        }

        string allowed = min <= int.MinValue ? "a whole number"
            : max >= int.MaxValue ? $"a whole number of {min} or more"
            : $"{min} to {max}";
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            r.AddError($"{name} \"{text}\" is not a whole number; allowed: {allowed}");
            return null;
        }

        if (value < min || value > max)
        {
            r.AddError($"{name} {value} is out of range; allowed: {allowed}");
            return null;
        }

        return value;
    }

    private static double? ParseNumber(ArgumentResult r, string name)
    {
        if (!SingleValue(r, name, out string text))
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            r.AddError($"{name} \"{text}\" is not a number (use a dot for decimals: 2.5)");
            return null;
        }

        return value;
    }

    private static bool SingleValue(ArgumentResult r, string name, out string text)
    {
        text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : string.Empty;
        if (r.Tokens.Count == 0)
        {
            r.AddError($"{name} needs a value");
            return false;
        }

        if (text.StartsWith("--", StringComparison.Ordinal))
        {
            r.AddError($"{name} needs a value (found the option {text})");
            return false;
        }

        return true;
    }

    /// <summary>An option of arity one takes the next token even if it is another option: say so.</summary>
    private static void CheckNotAnOption(OptionResult r, string name, HashSet<string> names)
    {
        foreach (Token token in r.Tokens)
        {
            if (token.Type == TokenType.Argument && names.Contains(token.Value))
            {
                r.AddError($"{name} needs a value (found the option {token.Value})");
                return;
            }
        }
    }

    private static string Joined(IReadOnlyList<Token> tokens)
    {
        var values = new List<string>(tokens.Count);
        foreach (Token token in tokens)
        {
            values.Add(token.Value);
        }

        return string.Join(", ", values);
    }

    private static string OptionValueMessage(Option option, IReadOnlyList<Token> tokens, string message)
    {
        string text = tokens.Count > 0 ? tokens[^1].Value : string.Empty;

        // AcceptOnlyFromAmong says "Argument 'x' not recognized. Must be one of:" and lists the names on lines of their own.
        int oneOf = message.IndexOf("Must be one of", StringComparison.Ordinal);
        if (oneOf >= 0)
        {
            var allowed = new List<string>();
            foreach (string line in message[oneOf..].Split('\n'))
            {
                string item = line.Trim().Trim('\'');
                if (item.Length > 0 && !item.StartsWith("Must be one of", StringComparison.Ordinal))
                {
                    allowed.Add(item);
                }
            }

            return $"{option.Name} \"{text}\" is not allowed; allowed: {string.Join(", ", allowed)}";
        }

        // The library's own conversion message names the .NET type; ours do not.
        return message.Contains("expected type", StringComparison.Ordinal)
            ? $"{option.Name} \"{text}\" is not a valid value"
            : Clean(message);
    }

    /// <summary>The first line, without .NET type names.</summary>
    private static string Clean(string message)
    {
        string line = message.Split('\n')[0].Trim();
        int type = line.IndexOf(" as expected type", StringComparison.Ordinal);
        return type >= 0 ? line[..type] : line;
    }

    private static string Lower(string description) =>
        description.Length > 1 && char.IsUpper(description[0]) && !char.IsUpper(description[1]) ? char.ToLowerInvariant(description[0]) + description[1..] : description;

    private static string CommandPath(SymbolResult? result, string program)
    {
        var parts = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                parts.Insert(0, c.Command is RootCommand ? program : c.Command.Name);
            }
        }

        return string.Join(' ', parts);
    }

    private static List<string> NamesInScope(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? r = command; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                foreach (Option option in c.Command.Options)
                {
                    if (r == command || option.Recursive)
                    {
                        names.Add(option.Name);
                    }
                }
            }
        }

        return names;
    }

    private static List<string> SubcommandNames(Command command)
    {
        var names = new List<string>();
        foreach (Command sub in command.Subcommands)
        {
            names.Add(sub.Name);
        }

        return names;
    }

    /// <summary>The closest name within a few edits, for "did you mean".</summary>
    private static string? Nearest(string token, List<string> names)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string name in names)
        {
            int d = EditDistance.Between(token, name);
            if (d < bestDistance)
            {
                best = name;
                bestDistance = d;
            }
        }

        return bestDistance <= Math.Max(2, token.Length / 3) ? best : null;
    }
}
