using System.Text.Json;

namespace Liuhu.Infra.Tests;

/// <summary>The resources a deployment of a compiled template would create for the given parameters: each
/// resource's condition and its enclosing modules' conditions evaluated, parameters passed down to modules.</summary>
internal sealed class ArmDeployment
{
    private readonly JsonElement template;
    private readonly Func<string, object?> given;

    private ArmDeployment(JsonElement template, Func<string, object?> given, string path)
    {
        this.template = template;
        this.given = given;
        Path = path;
    }

    /// <summary>The template this deployment evaluates (the module's own, for a module).</summary>
    public JsonElement Template => template;

    /// <summary>The module path ("", "/network", ...).</summary>
    public string Path { get; }

    public static IReadOnlyList<DeployedResource> Resolve(JsonElement template, IReadOnlyDictionary<string, object?> parameters)
    {
        var root = new ArmDeployment(template, name => parameters.TryGetValue(name, out var value) ? value : Missing.Value, string.Empty);
        var deployed = new List<DeployedResource>();
        root.Collect(deployed);
        return deployed;
    }

    public object? Evaluate(JsonElement value, int? copyIndex = null) => ArmExpression.Evaluate(value, Parameter, Variable, copyIndex);

    private void Collect(List<DeployedResource> deployed)
    {
        foreach (var resource in template.GetProperty("resources").EnumerateArray())
        {
            // A loop (copy) is one resource per iteration, each with its own condition.
            int?[] iterations = resource.TryGetProperty("copy", out var copy)
                ? [.. Enumerable.Range(0, (int)(long)Evaluate(copy.GetProperty("count"))!).Select(i => (int?)i)]
                : [null];
            var created = iterations.Where(i => !resource.TryGetProperty("condition", out var condition) || (bool)Evaluate(condition, i)!).ToList();
            deployed.AddRange(created.Select(i => new DeployedResource(resource.GetProperty("type").GetString()!, this, resource, i)));
            if (created.Count == 0)
            {
                continue;
            }

            if (resource.GetProperty("type").GetString() == "Microsoft.Resources/deployments")
            {
                var properties = resource.GetProperty("properties");
                var passed = properties.GetProperty("parameters");
                var module = new ArmDeployment(properties.GetProperty("template"), name =>
                {
                    if (!passed.TryGetProperty(name, out var entry))
                    {
                        return Missing.Value;
                    }

                    // A module parameter is { "value": ... } in the calling template's scope, or an expression making that object.
                    return entry.ValueKind == JsonValueKind.Object ? Evaluate(entry.GetProperty("value"))
                        : ((IReadOnlyDictionary<string, object?>)Evaluate(entry)!)["value"];
                }, $"{Path}/{resource.GetProperty("name").GetString()}");
                module.Collect(deployed);
            }
        }
    }

    private object? Parameter(string name)
    {
        var value = given(name);
        if (value != Missing.Value)
        {
            return value;
        }

        var declared = template.GetProperty("parameters").GetProperty(name);
        return declared.TryGetProperty("defaultValue", out var defaultValue) ? Evaluate(defaultValue)
            : throw new InvalidOperationException($"Parameter '{name}' at '{Path}' has no value and no default.");
    }

    private object? Variable(string name) => Evaluate(template.GetProperty("variables").GetProperty(name));

    /// <summary>No value passed (distinct from null).</summary>
    private sealed class Missing
    {
        public static readonly Missing Value = new();
    }
}

/// <summary>A resource a deployment would create, with the deployment (scope) its expressions are evaluated in.</summary>
internal sealed record DeployedResource(string Type, ArmDeployment Deployment, JsonElement Json, int? CopyIndex)
{
    public JsonElement Properties => Json.GetProperty("properties");

    public object? Evaluate(JsonElement value) => Deployment.Evaluate(value, CopyIndex);
}
