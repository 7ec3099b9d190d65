using System.Globalization;
using System.Text.Json;

namespace Liuhu.Infra.Tests;

/// <summary>Evaluates the few ARM template functions that conditions and switches in this template use
/// (parameters, variables, copyIndex, not, and, or, empty, equals, if, length, createArray, createObject, null,
/// subscriptionResourceId; member access and indexing), so a test can ask what a deployment with given
/// parameters would create. Anything else throws: a test must not pass on an expression it did not understand.</summary>
internal sealed class ArmExpression
{
    private readonly string text;
    private readonly Func<string, object?> parameter;
    private readonly Func<string, object?> variable;
    private readonly int? copyIndex;
    private int position;

    private ArmExpression(string text, Func<string, object?> parameter, Func<string, object?> variable, int? copyIndex)
    {
        this.text = text;
        this.parameter = parameter;
        this.variable = variable;
        this.copyIndex = copyIndex;
    }

    /// <summary>A JSON value as ARM sees it: a string in brackets is an expression, anything else a literal.</summary>
    public static object? Evaluate(JsonElement value, Func<string, object?> parameter, Func<string, object?> variable, int? copyIndex = null) => value.ValueKind switch
    {
        JsonValueKind.String when IsExpression(value.GetString()!) => Evaluate(value.GetString()!, parameter, variable, copyIndex),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        JsonValueKind.Number => value.GetInt64(),
        _ => value,
    };

    public static object? Evaluate(string expression, Func<string, object?> parameter, Func<string, object?> variable, int? copyIndex = null)
    {
        var parser = new ArmExpression(expression.Trim()[1..^1], parameter, variable, copyIndex);
        var result = parser.Parse();
        parser.SkipSpaces();
        return parser.position == parser.text.Length ? result : throw parser.Unsupported();
    }

    private static bool IsExpression(string value) => value.StartsWith('[') && value.EndsWith(']') && !value.StartsWith("[[", StringComparison.Ordinal);

    private object? Parse()
    {
        var value = ParsePrimary();
        while (position < text.Length && (text[position] == '.' || text[position] == '['))
        {
            if (text[position++] == '.')
            {
                var member = ParseName();
                value = value switch
                {
                    IReadOnlyDictionary<string, object?> o => o[member],
                    JsonElement { ValueKind: JsonValueKind.Object } o => Evaluate(o.GetProperty(member), parameter, variable, copyIndex),
                    _ => throw Unsupported(),
                };
            }
            else
            {
                var index = (int)(long)Parse()!;
                Expect(']');
                value = value switch
                {
                    IReadOnlyList<object?> a => a[index],
                    JsonElement { ValueKind: JsonValueKind.Array } a => Evaluate(a[index], parameter, variable, copyIndex),
                    _ => throw Unsupported(),
                };
            }
        }

        return value;
    }

    private object? ParsePrimary()
    {
        SkipSpaces();
        if (text[position] == '\'')
        {
            return ParseString();
        }

        if (char.IsAsciiDigit(text[position]))
        {
            var start = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            return long.Parse(text[start..position], CultureInfo.InvariantCulture);
        }

        var name = ParseName();
        Expect('(');
        var args = new List<Func<object?>>();
        SkipSpaces();
        while (text[position] != ')')
        {
            // Arguments are parsed now and evaluated on demand, so if() and and() only evaluate what they need.
            var start = position;
            SkipArgument();
            var argument = text[start..position];
            args.Add(() => Evaluate($"[{argument}]", parameter, variable, copyIndex));
            SkipSpaces();
            if (text[position] == ',')
            {
                position++;
            }
        }

        position++;
        return name switch
        {
            "parameters" => parameter((string)args[0]()!),
            "variables" => variable((string)args[0]()!),
            "not" => !(bool)args[0]()!,
            "and" => args.All(a => (bool)a()!),
            "or" => args.Any(a => (bool)a()!),
            "copyIndex" => (long)(copyIndex ?? throw Unsupported()),
            "empty" => args[0]() switch { null => true, string s => s.Length == 0, JsonElement { ValueKind: JsonValueKind.Array } a => a.GetArrayLength() == 0, _ => false },
            "length" => args[0]() switch { string s => (long)s.Length, IReadOnlyList<object?> a => a.Count, JsonElement { ValueKind: JsonValueKind.Array } a => a.GetArrayLength(), _ => throw Unsupported() },
            "createArray" => args.Select(a => a()).ToList(),
            "subscriptionResourceId" => $"/subscriptions/{{subscriptionId}}/providers/{args[0]()}/{string.Join('/', args.Skip(1).Select(a => a()))}",
            "equals" => Equals(args[0](), args[1]()),
            "if" => (bool)args[0]()! ? args[1]() : args[2](),
            "createObject" => Enumerable.Range(0, args.Count / 2).ToDictionary(i => (string)args[2 * i]()!, i => args[(2 * i) + 1]()),
            "null" => null,
            "true" => true,
            "false" => false,
            _ => throw Unsupported(),
        };
    }

    private string ParseString()
    {
        var value = new System.Text.StringBuilder();
        position++;
        while (true)
        {
            if (text[position] == '\'')
            {
                if (position + 1 < text.Length && text[position + 1] == '\'')
                {
                    value.Append('\'');
                    position += 2;
                    continue;
                }

                position++;
                return value.ToString();
            }

            value.Append(text[position++]);
        }
    }

    private string ParseName()
    {
        var start = position;
        while (position < text.Length && char.IsAsciiLetterOrDigit(text[position]))
        {
            position++;
        }

        return start == position ? throw Unsupported() : text[start..position];
    }

    private void SkipArgument()
    {
        var depth = 0;
        while (depth > 0 || (text[position] != ',' && text[position] != ')'))
        {
            switch (text[position])
            {
                case '\'':
                    ParseString();
                    continue;
                case '(' or '[':
                    depth++;
                    break;
                case ')' or ']':
                    depth--;
                    break;
            }

            position++;
        }
    }

    private void Expect(char c)
    {
        SkipSpaces();
        if (position >= text.Length || text[position] != c)
        {
            throw Unsupported();
        }

        position++;
    }

    private void SkipSpaces()
    {
        while (position < text.Length && text[position] == ' ')
        {
            position++;
        }
    }

    private NotSupportedException Unsupported() => new($"Cannot evaluate '[{text}]' at {position}.");
}
