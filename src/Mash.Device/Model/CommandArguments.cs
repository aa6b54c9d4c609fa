using System;
using Mash.Protocol.Wire;

namespace Mash.Device.Model;

/// <summary>
/// The checked parameters of one invoke, looked up by the declared parameter name whichever key
/// form the request used: text names (mash-go) or the integer keys of [63].
/// </summary>
public sealed class CommandArguments
{
    private readonly CommandDeclaration _command;
    private readonly CborValue?[] _values;

    private CommandArguments(CommandDeclaration command, CborValue?[] values)
    {
        _command = command;
        _values = values;
    }

    public CommandDeclaration Command => _command;

    /// <summary>
    /// Reads invoke payload key 2. Absent or null means no parameters. Unknown keys are ignored,
    /// as the codec ignores unknown keys everywhere; a parameter given twice (by name and by
    /// number), of the wrong type, out of range, null, or a missing required one is refused.
    /// </summary>
    public static StatusCode TryParse(CommandDeclaration command, CborValue? parameters, out CommandArguments? arguments, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(command);
        arguments = null;
        problem = null;
        var values = new CborValue?[command.ParameterTable.Length];
        if (parameters is not null && !parameters.IsNull)
        {
            if (parameters.Kind != CborValueKind.Map)
            {
                problem = command.Name + " parameters must be a map, not " + parameters;
                return StatusCode.InvalidParameter;
            }

            CborMap map = parameters.AsMap();
            for (int i = 0; i < map.Count; i++)
            {
                int index = IndexOf(command, map.GetKey(i));
                if (index < 0)
                {
                    continue;
                }

                CommandParameter parameter = command.ParameterTable[index];
                if (values[index] is not null)
                {
                    problem = parameter.Name + " is given twice";
                    return StatusCode.InvalidParameter;
                }

                CborValue value = map.GetValue(i);
                StatusCode status = parameter.Check(value, out problem);
                if (status != StatusCode.Success)
                {
                    return status;
                }

                values[index] = value;
            }
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is null && command.ParameterTable[i].Required)
            {
                problem = command.Name + " needs " + command.ParameterTable[i].Name;
                return StatusCode.InvalidParameter;
            }
        }

        arguments = new CommandArguments(command, values);
        return StatusCode.Success;
    }

    public bool Has(string name) => Get(name) is not null;

    /// <summary>The value given for a declared parameter, or null when it was omitted.</summary>
    public CborValue? Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (int i = 0; i < _values.Length; i++)
        {
            if (_command.ParameterTable[i].Name == name)
            {
                return _values[i];
            }
        }

        throw new ArgumentException(_command.Name + " declares no parameter " + name, nameof(name));
    }

    /// <summary>An integer parameter (already range-checked against its declaration); false when it was omitted.</summary>
    public bool TryGetInt64(string name, out long value)
    {
        CborValue? given = Get(name);
        value = given is null ? 0 : given.AsInt64();
        return given is not null;
    }

    /// <summary>An integer parameter, or <paramref name="otherwise"/> when it was omitted.</summary>
    public long GetInt64(string name, long otherwise) => TryGetInt64(name, out long value) ? value : otherwise;

    /// <summary>An unsigned integer parameter; false when it was omitted.</summary>
    public bool TryGetUInt64(string name, out ulong value)
    {
        CborValue? given = Get(name);
        value = given is null ? 0 : given.AsUInt64();
        return given is not null;
    }

    private static int IndexOf(CommandDeclaration command, CborKey key)
    {
        CommandParameter[] parameters = command.ParameterTable;
        for (int i = 0; i < parameters.Length; i++)
        {
            CommandParameter parameter = parameters[i];
            if (key.IsText
                ? Names.SameIgnoringCase(key.Text, parameter.Name)
                : key.TryGetInt64(out long number) && number == parameter.Key)
            {
                return i;
            }
        }

        return -1;
    }
}
