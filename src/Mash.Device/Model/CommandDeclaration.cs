using System;

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
                if (_parameters[j].Key == _parameters[i].Key || _parameters[j].Name == _parameters[i].Name)
                {
                    throw new ArgumentException("command " + name + " declares parameter " + _parameters[i].Name + " twice", nameof(parameters));
                }
            }
        }
    }

    public byte Id { get; }

    public string Name { get; }

    /// <summary>The parameters in declared order (a copy).</summary>
    public CommandParameter[] Parameters => (CommandParameter[])_parameters.Clone();

    /// <summary>The keys of the result map, in the order tools should show them (a copy).</summary>
    public string[] Results => (string[])_results.Clone();

    /// <summary>The parameters without a copy, for the interaction layer; never modified.</summary>
    internal CommandParameter[] ParameterTable => _parameters;

    /// <summary>A command that answers with a result map appears in generatedCommandList.</summary>
    public bool HasResult => _results.Length > 0;

    public CommandParameter? FindParameter(string name)
    {
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (Names.SameIgnoringCase(_parameters[i].Name, name))
            {
                return _parameters[i];
            }
        }

        return null;
    }

    public override string ToString() => Name + " (" + Id + ")";
}
