using System;
using System.Collections.Generic;

namespace Mash.Device.Model;

/// <summary>One command a feature accepts, with its parameters and the text keys of its result.</summary>
public sealed class CommandDeclaration
{
    private readonly CommandParameter[] _parameters;
    private readonly string[] _results;

    public CommandDeclaration(byte id, string name, CommandParameter[] parameters, string[] results)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(results);
        Id = id;
        Name = name;
        _parameters = (CommandParameter[])parameters.Clone();
        _results = (string[])results.Clone();
        for (int i = 0; i < _parameters.Length; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (_parameters[j].Key == _parameters[i].Key || string.Equals(_parameters[j].Name, _parameters[i].Name, StringComparison.Ordinal))
                {
                    throw new ArgumentException("command " + name + " declares parameter " + _parameters[i].Name + " twice", nameof(parameters));
                }
            }
        }
    }

    public byte Id { get; }

    public string Name { get; }

    public IReadOnlyList<CommandParameter> Parameters => _parameters;

    /// <summary>The keys of the result map, in the order tools should show them.</summary>
    public IReadOnlyList<string> Results => _results;

    /// <summary>A command that answers with a result map appears in generatedCommandList.</summary>
    public bool HasResult => _results.Length > 0;

    public CommandParameter? FindParameter(string name)
    {
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (string.Equals(_parameters[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return _parameters[i];
            }
        }

        return null;
    }

    public override string ToString() => Name + " (" + Id + ")";
}
