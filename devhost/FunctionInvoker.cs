using System.Globalization;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Liuhu.DevHost;

/// <summary>Calls a function method the way the worker does: the class from DI (a new instance per call,
/// with its constructor dependencies), the parameters bound from the trigger.</summary>
public static class FunctionInvoker
{
    public static async Task<object?> InvokeAsync(FunctionDescriptor function, IServiceProvider services, Func<ParameterInfo, object?> bind)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(bind);
        var instance = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, function.Class);
        try
        {
            var arguments = function.Method.GetParameters().Select(bind).ToArray();
            object? returned;
            try
            {
                returned = function.Method.Invoke(instance, arguments);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }

            switch (returned)
            {
                case Task task:
                    await task;
                    var resultProperty = task.GetType().GetProperty("Result");
                    return resultProperty is not null && resultProperty.PropertyType.Name != "VoidTaskResult" ? resultProperty.GetValue(task) : null;
                default:
                    return returned;
            }
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    /// <summary>Checks at start that every parameter is one the dev host can bind, so a function it cannot
    /// serve fails loudly instead of at its first call.</summary>
    public static void EnsureBindable(FunctionDescriptor function)
    {
        ArgumentNullException.ThrowIfNull(function);
        foreach (var parameter in function.Method.GetParameters())
        {
            if (parameter.ParameterType == typeof(FunctionContext))
            {
                throw new NotSupportedException(
                    $"{function.Name}: FunctionContext is not available under the dev host; take a CancellationToken or ILogger via the constructor instead.");
            }
        }
    }

    public static object? ConvertRouteValue(object? value, Type target)
    {
        if (value is null)
        {
            return target.IsValueType ? Activator.CreateInstance(target) : null;
        }

        var text = Convert.ToString(value, CultureInfo.InvariantCulture);
        var type = Nullable.GetUnderlyingType(target) ?? target;
        if (type == typeof(string))
        {
            return text;
        }

        if (type == typeof(Guid))
        {
            return Guid.Parse(text!);
        }

        return Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
    }
}
