using System.ComponentModel.DataAnnotations;
using Liuhu.Core.Access;

namespace Liuhu.Core.Tests.Access;

public sealed class AccessOptionsTests
{
    [Theory]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv-abc.vault.azure.net/secrets/bootstrap-bureau-key)")]
    [InlineData("  @microsoft.keyvault(VaultName=kv-abc;SecretName=bootstrap-bureau-key)")]
    public void Validate_UnresolvedKeyVaultReference_Refused(string value)
    {
        var results = Validate(new AccessOptions { BootstrapBureauKey = value });

        Assert.Contains(results, r => r.MemberNames.Contains(nameof(AccessOptions.BootstrapBureauKey)) && r.ErrorMessage!.Contains("unresolved Key Vault reference", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RealSecretOrNone_Accepted()
    {
        Assert.Empty(Validate(new AccessOptions { BootstrapBureauKey = new string('k', 40) }));
        Assert.Empty(Validate(new AccessOptions()));
    }

    [Fact]
    public void Validate_ShortSecret_Refused()
    {
        Assert.NotEmpty(Validate(new AccessOptions { BootstrapBureauKey = "short" }));
    }

    private static List<ValidationResult> Validate(AccessOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
