using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Mash.Device.Runtime;

namespace Mash.Device.Tests.PortReadiness;

/// <summary>
/// The banned-API analyzer sees calls, not declarations: <c>Task Foo()</c> on a seam interface or
/// an <c>async</c> method that awaits only seam calls would slip past it. The compiled core is
/// checked here instead, compiler-generated state machines included.
/// </summary>
public class CoreSignatureTests
{
    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void The_core_declares_no_async_method_and_no_task_or_linq_type_in_any_signature()
    {
        var offenders = new List<string>();
        foreach (Type type in typeof(Scheduler).Assembly.GetTypes())
        {
            Inspect(type, offenders);
        }

        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void The_signature_check_notices_an_async_method_and_a_task_returning_seam()
    {
        var offenders = new List<string>();

        Inspect(typeof(AsyncSeam), offenders);

        Assert.Contains(offenders, o => o.Contains("ReadAsync", StringComparison.Ordinal));
        Assert.Contains(offenders, o => o.Contains("PumpAsync", StringComparison.Ordinal));
    }

    private static void Inspect(Type type, List<string> offenders)
    {
        if (typeof(IAsyncStateMachine).IsAssignableFrom(type))
        {
            offenders.Add(type.FullName + " is an async state machine");
        }

        foreach (MethodInfo method in type.GetMethods(Everything))
        {
            if (method.GetCustomAttribute<AsyncStateMachineAttribute>() is not null
                || method.GetCustomAttribute<AsyncIteratorStateMachineAttribute>() is not null)
            {
                offenders.Add(type.FullName + "." + method.Name + " is async");
            }

            Check(method.ReturnType, type, method.Name, offenders);
            foreach (ParameterInfo parameter in method.GetParameters())
            {
                Check(parameter.ParameterType, type, method.Name, offenders);
            }
        }

        foreach (FieldInfo field in type.GetFields(Everything))
        {
            Check(field.FieldType, type, field.Name, offenders);
        }

        foreach (PropertyInfo property in type.GetProperties(Everything))
        {
            Check(property.PropertyType, type, property.Name, offenders);
        }
    }

    private static void Check(Type used, Type owner, string member, List<string> offenders)
    {
        if (IsForbidden(used))
        {
            offenders.Add(owner.FullName + "." + member + " uses " + used.FullName);
        }
    }

    private static bool IsForbidden(Type type)
    {
        while (type.HasElementType)
        {
            type = type.GetElementType()!;
        }

        string ns = type.Namespace ?? "";
        if (ns == "System.Threading.Tasks" || ns.StartsWith("System.Linq", StringComparison.Ordinal)
            || type == typeof(IAsyncDisposable) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>)))
        {
            return true;
        }

        if (type.IsGenericType)
        {
            foreach (Type argument in type.GetGenericArguments())
            {
                if (IsForbidden(argument))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private interface IAsyncSeam
    {
        Task<int> ReadAsync();
    }

    private sealed class AsyncSeam : IAsyncSeam
    {
        public Task<int> ReadAsync() => Task.FromResult(1);

        public async Task PumpAsync() => await ReadAsync().ConfigureAwait(false);
    }
}
