using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using Liuhu.Core.Graduates;

namespace Liuhu.Infra.Tests;

/// <summary>The infrastructure compiles and lints clean with the real Bicep CLI, and the compiled template
/// keeps its promises: no shared keys, every role, every setting the app reads.</summary>
public class BicepTests
{
    private static readonly string Root = BicepCli.Root;

    public static TheoryData<string> BicepFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(BicepCli.Root, "infra"), "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(BicepCli.Root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void BuildAndLint_EveryFile_NoWarnings(string file)
    {
        var path = Path.Combine(Root, file);
        var build = BicepCli.Run("build", path, "--stdout");
        Assert.True(build.ExitCode == 0, build.Error);
        Assert.Equal(string.Empty, build.Error.Trim());
        var lint = BicepCli.Run("lint", path);
        Assert.True(lint.ExitCode == 0, lint.Error + lint.Output);
        Assert.Equal(string.Empty, (lint.Error + lint.Output).Trim());
    }

    [Theory]
    [InlineData("FlexConsumption", false)]
    [InlineData("FlexConsumption", true)]
    [InlineData("Dedicated", false)]
    [InlineData("Dedicated", true)]
    public void BuildParams_EachPlanAndNetworkOption_Clean(string hostingPlan, bool vnetEnabled)
    {
        var result = BuildParams($"param hostingPlan = '{hostingPlan}'", $"param vnetEnabled = {(vnetEnabled ? "true" : "false")}",
            "param grantDeployerDataAccess = true", "param principalType = 'ServicePrincipal'");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(string.Empty, result.Error.Trim());
        Assert.Equal(string.Empty, result.Lint.Trim());
    }

    [Fact]
    public void BuildParams_ElasticPremium_Rejected()
    {
        // Removed: no keyless way to get the code onto it (docs/deploy.md).
        var result = BuildParams("param hostingPlan = 'ElasticPremium'");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("BCP033", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void HostingPlan_SamePlansInEveryModule()
    {
        var plans = AllowedValues(BicepCli.Main, "hostingPlan");
        Assert.Equal(["FlexConsumption", "Dedicated"], plans);
        foreach (var module in new[] { "function.bicep", "network.bicep" })
        {
            Assert.Equal(plans, AllowedValues(BicepCli.Build(Path.Combine(Root, "infra", "app", module)), "hostingPlan"));
        }
    }

    [Fact]
    public void Docs_EveryPlanAndSetting_Documented()
    {
        var deploy = File.ReadAllText(Path.Combine(Root, "docs", "deploy.md"));
        var operations = File.ReadAllText(Path.Combine(Root, "docs", "operations.md"));
        Assert.All(AllowedValues(BicepCli.Main, "hostingPlan"), plan =>
        {
            Assert.Contains($"`{plan}`", deploy, StringComparison.Ordinal);
            Assert.Contains(plan, operations, StringComparison.Ordinal);
        });

        var settings = File.ReadAllText(Path.Combine(Root, "infra", "main.parameters.json")).Split("${").Skip(1)
            .Select(s => s[..s.IndexOfAny(['=', '}'])]).Where(s => s.StartsWith("LIUHU_", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(settings);
        Assert.All(settings, setting => Assert.Contains(setting, deploy, StringComparison.Ordinal));
    }

    [Fact]
    public void Storage_SharedKeysDisabledTls12()
    {
        var storage = Resources().Single(r => r.GetProperty("type").GetString() == "Microsoft.Storage/storageAccounts");
        var properties = storage.GetProperty("properties");
        Assert.False(properties.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.False(properties.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.Equal("TLS1_2", properties.GetProperty("minimumTlsVersion").GetString());
    }

    [Fact]
    public void Monitoring_LocalAuthDisabled()
    {
        var insights = Resources().Single(r => r.GetProperty("type").GetString() == "Microsoft.Insights/components");
        Assert.True(insights.GetProperty("properties").GetProperty("DisableLocalAuth").GetBoolean());
        var workspace = Resources().Single(r => r.GetProperty("type").GetString() == "Microsoft.OperationalInsights/workspaces");
        Assert.True(workspace.GetProperty("properties").GetProperty("features").GetProperty("disableLocalAuth").GetBoolean());
    }

    [Theory]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b")] // Storage Blob Data Owner
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88")] // Storage Queue Data Contributor
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3")] // Storage Table Data Contributor
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb")] // Monitoring Metrics Publisher
    [InlineData("4633458b-17de-408a-b874-0445c86b69e6")] // Key Vault Secrets User
    public void Rbac_IdentityGetsRole(string roleId) =>
        Assert.Contains(roleId, BicepCli.Main.GetRawText(), StringComparison.Ordinal);

    [Fact]
    public void AppSettings_EverySettingTheAppRequires()
    {
        // The settings are built from variables in the function module's template: read that whole template.
        var settings = Templates().Single(t => t.GetRawText().Contains("Microsoft.Web/sites/config", StringComparison.Ordinal)
            && !t.GetRawText().Contains("Microsoft.Storage/storageAccounts\"", StringComparison.Ordinal) && t.TryGetProperty("variables", out _)).GetRawText();

        // core/Storage/StorageOptions.cs reads the identity-based AzureWebJobsStorage settings; the Functions host needs the credential.
        var required = new List<string> { "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId", "AzureWebJobsStorage__blobServiceUri",
            "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri", "APPLICATIONINSIGHTS_CONNECTION_STRING",
            "CatalogueSchedule", "ProgressSchedule" }; // the %…Schedule% of the timers: the host will not start without them

        // Every [Required] option of the personal-data encryption, by reflection, so a new one cannot be forgotten here.
        required.AddRange(typeof(PersonalDataOptions).GetProperties().Where(p => p.GetCustomAttribute<RequiredAttribute>() is not null)
            .Select(p => $"{PersonalDataOptions.SectionName}__{p.Name}"));
        Assert.All(required, name => Assert.Contains($"\"{name}\":", settings, StringComparison.Ordinal));
        Assert.DoesNotContain("AccountKey", BicepCli.Main.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("listKeys", BicepCli.Main.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_UpperSnakeForAzd()
    {
        var outputs = BicepCli.Main.GetProperty("outputs").EnumerateObject().Select(o => o.Name).ToList();
        Assert.Contains("SERVICE_API_NAME", outputs);
        Assert.All(outputs, o => Assert.Matches("^[A-Z][A-Z0-9_]*$", o));
    }

    [Fact]
    public void Endpoints_FromEnvironmentNotHardcoded() =>
        Assert.DoesNotContain("core.windows.net", File.ReadAllText(Path.Combine(Root, "infra", "app", "storage.bicep")), StringComparison.Ordinal);

    private static List<string> AllowedValues(JsonElement template, string parameter) =>
        template.GetProperty("parameters").GetProperty(parameter).GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()!).ToList();

    /// <summary>A .bicepparam file for main.bicep with the given lines, compiled and linted: the values are checked
    /// against the template's types and allowed values.</summary>
    private static (int ExitCode, string Error, string Lint) BuildParams(params string[] lines)
    {
        var directory = Directory.CreateTempSubdirectory("liuhu-bicepparam-");
        try
        {
            var file = Path.Combine(directory.FullName, "test.bicepparam");
            var main = Path.GetRelativePath(directory.FullName, BicepCli.MainBicep).Replace('\\', '/');
            File.WriteAllLines(file, [$"using '{main}'", "param environmentName = 'test'", "param location = 'eastus'", .. lines]);
            var build = BicepCli.Run("build-params", file, "--stdout");
            var lint = BicepCli.Run("lint", file);
            return (build.ExitCode, build.Error, lint.Output + lint.Error);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static IEnumerable<JsonElement> Templates() =>
        Resources().Where(r => r.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("template", out _))
            .Select(r => r.GetProperty("properties").GetProperty("template"));

    private static IEnumerable<JsonElement> Resources()
    {
        var stack = new Stack<JsonElement>([BicepCli.Main]);
        while (stack.Count > 0)
        {
            var template = stack.Pop();
            if (!template.TryGetProperty("resources", out var resources))
            {
                continue;
            }

            foreach (var resource in resources.ValueKind == JsonValueKind.Array ? resources.EnumerateArray() : resources.EnumerateObject().Select(p => p.Value))
            {
                yield return resource;
                if (resource.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("template", out var nested))
                {
                    stack.Push(nested);
                }

                if (resource.TryGetProperty("resources", out _))
                {
                    stack.Push(resource);
                }
            }
        }
    }
}
