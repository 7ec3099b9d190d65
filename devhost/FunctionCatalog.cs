using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Liuhu.DevHost;

public enum TriggerKind
{
    Http,
    Queue,
    Timer,
}

/// <summary>One function as the Functions host would see it: its trigger and the binding's settings.</summary>
public sealed record FunctionDescriptor(
    string Name,
    Type Class,
    MethodInfo Method,
    TriggerKind Trigger,
    string? Route = null,
    IReadOnlyList<string>? HttpMethods = null,
    AuthorizationLevel? AuthLevel = null,
    string? QueueName = null,
    string? Schedule = null,
    bool RunOnStartup = false);

/// <summary>Finds the <c>[Function]</c> methods of an assembly, as the Functions SDK's generator does.</summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDescriptor> Discover(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var functions = new List<FunctionDescriptor>();
        foreach (var type in assembly.GetExportedTypes().Where(t => t.IsClass && !t.IsAbstract))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
                {
                    continue;
                }

                functions.Add(Describe(function.Name, type, method));
            }
        }

        return functions.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    private static FunctionDescriptor Describe(string name, Type type, MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } http)
            {
                var methods = (http.Methods ?? ["get", "post"]).Select(m => m.ToLowerInvariant()).ToList();
                return new FunctionDescriptor(name, type, method, TriggerKind.Http, Route: http.Route ?? name, HttpMethods: methods, AuthLevel: http.AuthLevel);
            }

            if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is { } queue)
            {
                return new FunctionDescriptor(name, type, method, TriggerKind.Queue, QueueName: queue.QueueName);
            }

            if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timer)
            {
                return new FunctionDescriptor(name, type, method, TriggerKind.Timer, Schedule: timer.Schedule, RunOnStartup: timer.RunOnStartup);
            }
        }

        throw new NotSupportedException($"Function {name} has a trigger the dev host does not serve; use Azure Functions Core Tools.");
    }
}
