using System.Text.Json;

namespace Liuhu.Infra.Tests;

/// <summary>What a deployment of the compiled main.bicep creates for given parameters: order, the deployer's
/// roles, publishing credentials, the network option, the personal-data key and the Key Vault's create mode.</summary>
public class DeploymentOptionsTests
{
    private const string DeployerId = "00000000-0000-0000-0000-00000000d0d0";

    private static readonly string[] DeployerRoles =
    [
        "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
        "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
        "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
        "4633458b-17de-408a-b874-0445c86b69e6", // Key Vault Secrets User
    ];

    [Fact]
    public void Api_Deployment_DependsOnRoleAssignments()
    {
        var deployments = BicepCli.Main.GetProperty("resources").EnumerateArray()
            .Where(r => r.GetProperty("type").GetString() == "Microsoft.Resources/deployments").ToList();
        var api = deployments.Single(d => d.GetProperty("name").GetString() == "api");
        Assert.Contains(api.GetProperty("dependsOn").EnumerateArray(), d => d.GetString()!.EndsWith("'Microsoft.Resources/deployments', 'rbac')]", StringComparison.Ordinal));

        // And the roles are the rbac module's: the app module holds none of its own.
        var rbac = deployments.Single(d => d.GetProperty("name").GetString() == "rbac");
        Assert.Contains("Microsoft.Authorization/roleAssignments", rbac.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.Authorization/roleAssignments", api.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void DeployerRoles_PrincipalType_FromAzdParameter()
    {
        var deployed = Deploy(new() { ["principalId"] = DeployerId, ["grantDeployerDataAccess"] = true, ["principalType"] = "ServicePrincipal" });
        var deployer = DeployerAssignments(deployed);
        Assert.NotEmpty(deployer);
        Assert.All(deployer, r => Assert.Equal("ServicePrincipal", r.Evaluate(r.Properties.GetProperty("principalType"))));
        Assert.DoesNotContain("'User'", string.Concat(deployer.Select(r => r.Properties.GetProperty("principalType").GetRawText())), StringComparison.Ordinal);
        Assert.Contains("\"${AZURE_PRINCIPAL_TYPE", File.ReadAllText(Path.Combine(BicepCli.Root, "infra", "main.parameters.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void DeployerDataRoles_Default_None()
    {
        var deployed = Deploy(new() { ["principalId"] = DeployerId });
        Assert.Empty(DeployerAssignments(deployed));
        Assert.Contains(deployed, r => r.Type == "Microsoft.Authorization/roleAssignments"); // the app's own roles stay
    }

    [Fact]
    public void DeployerDataRoles_WhenAsked_StorageAndKeyVault()
    {
        var deployed = Deploy(new() { ["principalId"] = DeployerId, ["grantDeployerDataAccess"] = true });
        var roles = DeployerAssignments(deployed).Select(r => (string)r.Evaluate(r.Properties.GetProperty("roleDefinitionId"))!).ToList();
        Assert.Equal(DeployerRoles.Select(id => $"/subscriptions/{{subscriptionId}}/providers/Microsoft.Authorization/roleDefinitions/{id}"), roles);
    }

    [Fact]
    public void PublishingCredentials_FtpAndScm_Disallowed()
    {
        var policies = Deploy([]).Where(r => r.Type == "Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(["ftp", "scm"], policies.Select(p => p.Json.GetProperty("name").GetString()!.Split('\'')[^2]).Order(StringComparer.Ordinal));
        Assert.All(policies, p => Assert.False(p.Properties.GetProperty("allow").GetBoolean()));
    }

    [Fact]
    public void NetworkOption_Default_NoNetworkResourcesPublicEndpoints()
    {
        var deployed = Deploy([]);
        Assert.DoesNotContain(deployed, r => r.Type.StartsWith("Microsoft.Network/", StringComparison.Ordinal));
        Assert.Equal("Enabled", PublicNetworkAccess(deployed, "Microsoft.Storage/storageAccounts"));
        Assert.Equal("Enabled", PublicNetworkAccess(deployed, "Microsoft.KeyVault/vaults"));
        Assert.Null(Site(deployed).Evaluate(Site(deployed).Properties.GetProperty("virtualNetworkSubnetId")));
    }

    [Theory]
    [InlineData("FlexConsumption", "Microsoft.App/environments")]
    [InlineData("Dedicated", "Microsoft.Web/serverFarms")]
    public void NetworkOption_On_PrivateEndpointsDnsAndVnetIntegration(string hostingPlan, string delegation)
    {
        var deployed = Deploy(new() { ["vnetEnabled"] = true, ["hostingPlan"] = hostingPlan });
        var types = deployed.Select(r => r.Type).ToHashSet();
        Assert.Superset(types.Where(t => t.StartsWith("Microsoft.Network/", StringComparison.Ordinal)).ToHashSet(), new HashSet<string>
        {
            "Microsoft.Network/virtualNetworks", "Microsoft.Network/privateDnsZones", "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
            "Microsoft.Network/privateEndpoints", "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
        });

        // One endpoint and zone per service the app reaches: blob, queue and table (the host and the app), and the vault.
        var network = deployed.Single(r => r.Type == "Microsoft.Network/virtualNetworks");
        var endpoints = network.Deployment.Evaluate(JsonDocument.Parse("\"[variables('endpoints')]\"").RootElement);
        Assert.Equal(["blob", "queue", "table", "vault"], ((JsonElement)endpoints!).EnumerateArray().Select(e => e.GetProperty("groupId").GetString()));
        Assert.All(new[] { "Microsoft.Network/privateDnsZones", "Microsoft.Network/privateDnsZones/virtualNetworkLinks", "Microsoft.Network/privateEndpoints",
            "Microsoft.Network/privateEndpoints/privateDnsZoneGroups" }, type => Assert.Equal(4, deployed.Count(r => r.Type == type)));
        Assert.Contains(delegation, network.Json.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(delegation, network.Evaluate(network.Properties.GetProperty("subnets")[0].GetProperty("properties").GetProperty("delegations")[0].GetProperty("properties").GetProperty("serviceName")));

        Assert.Equal("Disabled", PublicNetworkAccess(deployed, "Microsoft.Storage/storageAccounts"));
        Assert.Equal("Disabled", PublicNetworkAccess(deployed, "Microsoft.KeyVault/vaults"));

        // The app integrates with the network module's subnet.
        var api = BicepCli.Main.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "api");
        var subnet = api.GetProperty("properties").GetProperty("parameters").GetProperty("appSubnetId").GetRawText();
        Assert.Contains("'Microsoft.Resources/deployments', 'network')", subnet, StringComparison.Ordinal);
        Assert.Contains("outputs.appSubnetId", subnet, StringComparison.Ordinal);
        Assert.Contains("parameters('appSubnetId')", Site(deployed).Properties.GetProperty("virtualNetworkSubnetId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PersonalDataKey_NotGiven_SecretLeftAlone()
    {
        Assert.DoesNotContain(Deploy([]), r => r.Type == "Microsoft.KeyVault/vaults/secrets");

        // azd passes an unset variable as an empty string.
        Assert.DoesNotContain(Deploy(new() { ["personalDataKey"] = string.Empty }), r => r.Type == "Microsoft.KeyVault/vaults/secrets");
    }

    [Fact]
    public void PersonalDataKey_Given_WrittenUnderItsKeyId()
    {
        var secret = Assert.Single(Deploy(new() { ["personalDataKey"] = "a2V5", ["personalDataKeyId"] = "k2" }), r => r.Type == "Microsoft.KeyVault/vaults/secrets");
        Assert.Contains("personal-data-key-{0}", secret.Json.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal("k2", secret.Deployment.Evaluate(JsonDocument.Parse("\"[parameters('personalDataKeyId')]\"").RootElement));
    }

    [Fact]
    public void PersonalDataKey_PostprovisionHook_ClearsIt()
    {
        var azureYaml = File.ReadAllText(Path.Combine(BicepCli.Root, "azure.yaml"));
        Assert.Contains("postprovision:", azureYaml, StringComparison.Ordinal);
        Assert.Equal(2, azureYaml.Split("azd env set LIUHU_PERSONAL_DATA_KEY ''").Length - 1); // posix and windows
        Assert.Equal(2, azureYaml.Split("azd env set LIUHU_RECOVER_KEY_VAULT false").Length - 1);
    }

    [Fact]
    public void BootstrapKey_Given_WrittenToKeyVaultOnly()
    {
        Assert.DoesNotContain(Deploy(new() { ["bootstrapBureauKey"] = string.Empty }), r => r.Json.GetProperty("name").GetString()!.Contains("bootstrap", StringComparison.Ordinal));

        var secret = Assert.Single(Deploy(new() { ["bootstrapBureauKey"] = new string('b', 44) }), r => r.Type == "Microsoft.KeyVault/vaults/secrets");
        Assert.Contains("bootstrap-bureau-key", secret.Json.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal(new string('b', 44), secret.Evaluate(secret.Properties.GetProperty("value")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BootstrapKey_Enabled_AppSettingIsAKeyVaultReference(bool enabled)
    {
        var site = Site(Deploy(new() { ["bootstrapEnabled"] = enabled }));
        Assert.Equal(enabled, site.Deployment.Evaluate(JsonDocument.Parse("\"[parameters('bootstrapEnabled')]\"").RootElement));

        // The setting is a reference to the vault the module is given, never the secret's value.
        var template = site.Deployment.Template.GetProperty("variables").GetProperty("bootstrapSettings").GetString()!;
        Assert.Contains("parameters('bootstrapEnabled')", template, StringComparison.Ordinal);
        Assert.Contains("'@Microsoft.KeyVault(SecretUri={0}secrets/bootstrap-bureau-key)', parameters('keyVaultUri')", template, StringComparison.Ordinal);
        Assert.Contains("variables('bootstrapSettings')", site.Json.GetRawText() + site.Deployment.Template.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void BootstrapKey_PostprovisionHook_ClearsIt()
    {
        var azureYaml = File.ReadAllText(Path.Combine(BicepCli.Root, "azure.yaml"));
        Assert.Equal(2, azureYaml.Split("azd env set LIUHU_BOOTSTRAP_BUREAU_KEY ''").Length - 1); // posix and windows
    }

    [Theory]
    [InlineData(false, "default")]
    [InlineData(true, "recover")]
    public void KeyVault_RecoverOption_CreateMode(bool recover, string createMode)
    {
        var vault = Deploy(new() { ["recoverKeyVault"] = recover }).Single(r => r.Type == "Microsoft.KeyVault/vaults");
        Assert.Equal(createMode, vault.Evaluate(vault.Properties.GetProperty("createMode")));
        Assert.True(vault.Properties.GetProperty("enablePurgeProtection").GetBoolean());
    }

    [Fact]
    public void MainParameters_EveryParameterBound()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(BicepCli.Root, "infra", "main.parameters.json")));
        var bound = file.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        var declared = BicepCli.Main.GetProperty("parameters").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(declared, bound);
    }

    private static List<DeployedResource> Deploy(Dictionary<string, object?> parameters)
    {
        parameters.TryAdd("environmentName", "test");
        parameters.TryAdd("location", "eastus");
        return [.. ArmDeployment.Resolve(BicepCli.Main, parameters)];
    }

    // The app's assignments take the identity module's output; the deployer's take the deployer parameter.
    private static List<DeployedResource> DeployerAssignments(IEnumerable<DeployedResource> deployed)
    {
        var deployer = deployed.Where(r => r.Type == "Microsoft.Authorization/roleAssignments"
            && r.Properties.GetProperty("principalId").GetString() == "[parameters('deployerPrincipalId')]").ToList();
        Assert.All(deployer, r => Assert.Equal(DeployerId, r.Evaluate(r.Properties.GetProperty("principalId"))));
        return deployer;
    }

    private static object? PublicNetworkAccess(IEnumerable<DeployedResource> deployed, string type)
    {
        var resource = deployed.Single(r => r.Type == type);
        return resource.Evaluate(resource.Properties.GetProperty("publicNetworkAccess"));
    }

    private static DeployedResource Site(IEnumerable<DeployedResource> deployed) => deployed.Single(r => r.Type == "Microsoft.Web/sites");
}
