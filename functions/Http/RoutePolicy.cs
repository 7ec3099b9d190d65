using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Liuhu.Functions.Http;

/// <summary>Who may call a route. The bureau may call every route (it runs the programme), so it is always added.</summary>
[Flags]
public enum Callers
{
    None = 0,
    Anonymous = 1,
    Employer = 2,
    University = 4,
    District = 8,
    Bureau = 16,
    Site = 32,
    Organisations = Employer | University | District | Bureau | Site,
    Everyone = Anonymous | Organisations,
}

/// <summary>Which tenant a route's path names, so the pipeline can refuse another tenant's resource before the
/// function runs: a post's id begins with its employer's credit code, a graduate's with its university's code.</summary>
public enum RouteTenant
{
    None,
    Vacancy,
    Graduate,
}

/// <summary>Declared on every HTTP function: who may call it, which tenant its path names, and whether every
/// call is audited (bureau calls always are). A function without it does not start, in either host.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class AccessAttribute(Callers callers) : Attribute
{
    public Callers Callers { get; } = callers;

    public RouteTenant Tenant { get; init; }

    public bool Audit { get; init; }
}

public sealed record RoutePolicy(string FunctionName, Callers Callers, RouteTenant Tenant, bool Audit, IReadOnlyList<string> RouteParameters)
{
    public bool Allows(Callers caller) => ((Callers | Callers.Bureau) & caller) != 0;
}

/// <summary>The policy of every HTTP function, read once from the functions assembly: the one table both hosts use.</summary>
public sealed class RoutePolicies
{
    private readonly Dictionary<string, RoutePolicy> byEntryPoint = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RoutePolicy> byName = new(StringComparer.Ordinal);

    public RoutePolicies()
        : this(typeof(RoutePolicies).Assembly)
    {
    }

    public RoutePolicies(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in assembly.GetExportedTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function
                    || !method.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null))
                {
                    continue;
                }

                var access = method.GetCustomAttribute<AccessAttribute>()
                    ?? throw new InvalidOperationException($"HTTP function {function.Name} declares no [Access]: every route must say who may call it.");
                var route = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).First(a => a is not null)!.Route ?? string.Empty;
                var parameters = System.Text.RegularExpressions.Regex.Matches(route, "{([A-Za-z]+)[^}]*}").Select(m => m.Groups[1].Value).ToList();
                var policy = new RoutePolicy(function.Name, access.Callers, access.Tenant, access.Audit, parameters);
                byEntryPoint[$"{type.FullName}.{method.Name}"] = policy;
                byName[function.Name] = policy;
            }
        }
    }

    public IReadOnlyCollection<RoutePolicy> All => byName.Values;

    public RoutePolicy ForFunction(string name) =>
        byName.TryGetValue(name, out var policy) ? policy : throw new InvalidOperationException($"No route policy for function {name}.");

    /// <summary>By the worker's entry point ("Namespace.Class.Method").</summary>
    public RoutePolicy? ForEntryPoint(string entryPoint) => byEntryPoint.GetValueOrDefault(entryPoint);
}
