using System.Text.RegularExpressions;

namespace Liuhu.DevHost;

/// <summary>The Functions host's rules for HTTP routes, enforced here so that a local run fails the way Azure
/// would: a route may not start with "admin" or "runtime" (the host's own APIs; it compares the route's text,
/// so "administration" is refused too), must be a valid route template, and one method and route may belong
/// to one function only. The host puts such a function in an error state and answers 404; the dev host
/// refuses to start.</summary>
public static partial class HostRouteRules
{
    private static readonly string[] ReservedPrefixes = ["admin", "runtime"];

    public static void EnsureValid(IEnumerable<FunctionDescriptor> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var function in functions.Where(f => f.Trigger == TriggerKind.Http))
        {
            var route = function.Route ?? function.Name;
            if (ReservedPrefixes.FirstOrDefault(p => route.TrimStart('/').StartsWith(p, StringComparison.OrdinalIgnoreCase)) is { } reserved)
            {
                throw new InvalidOperationException(
                    $"Function {function.Name}: route '{route}' starts with '{reserved}', which the Functions host reserves (\"The specified route conflicts with one or more built in routes\").");
            }

            if (!Template().IsMatch(route))
            {
                throw new InvalidOperationException($"Function {function.Name}: route '{route}' is not a valid route template.");
            }

            var shape = Parameter().Replace(route.Trim('/'), "{}");
            foreach (var method in function.HttpMethods ?? [])
            {
                if (!seen.TryAdd($"{method} {shape}", function.Name))
                {
                    throw new InvalidOperationException($"Functions {seen[$"{method} {shape}"]} and {function.Name} both claim {method.ToUpperInvariant()} {route}.");
                }
            }
        }
    }

    // Literal segments and {name} or {name:constraint} parameters, as ASP.NET Core route templates allow.
    [GeneratedRegex(@"^/?([A-Za-z0-9._~-]+|\{[A-Za-z][A-Za-z0-9]*(:[A-Za-z0-9()=,]+)*\??\})(/([A-Za-z0-9._~-]+|\{[A-Za-z][A-Za-z0-9]*(:[A-Za-z0-9()=,]+)*\??\}))*$")]
    private static partial Regex Template();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
