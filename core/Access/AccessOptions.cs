using System.ComponentModel.DataAnnotations;

namespace Liuhu.Core.Access;

/// <summary>Settings of identity and scope (section "Access").</summary>
public sealed class AccessOptions : IValidatableObject
{
    public const string SectionName = "Access";

    /// <summary>Optional. A secret (at least 32 characters) that authenticates as the bureau with credential id
    /// "bootstrap", so that a new deployment can register the first organisations; kept in Key Vault in Azure.
    /// Remove it once the bureau has a credential of its own.</summary>
    [MinLength(32)]
    public string? BootstrapBureauKey { get; set; }

    /// <summary>How long an instance trusts a credential it has checked before reading it again; a revocation
    /// made on another instance takes effect within this time (on the revoking instance at once).</summary>
    [Range(0, 600)]
    public int CredentialCacheSeconds { get; set; } = 30;

    /// <summary>Lifetime of a graduate token issued to the public site.</summary>
    [Range(1, 120)]
    public int GraduateTokenMinutes { get; set; } = 15;

    /// <summary>After a rotation the old secret keeps working this long, so a client can switch without downtime.</summary>
    [Range(0, 10_080)]
    public int RotationOverlapMinutes { get; set; } = 60;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // App Service leaves a Key Vault reference it cannot resolve (secret missing, role not yet granted) as the
        // literal "@Microsoft.KeyVault(...)" text, which is in the public templates: taking it as the bureau's
        // secret would let anyone who read them act as the bureau.
        if (BootstrapBureauKey is { } key && key.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult(
                "Access:BootstrapBureauKey is an unresolved Key Vault reference: the secret bootstrap-bureau-key is missing or the app cannot read it. Write the secret (LIUHU_BOOTSTRAP_BUREAU_KEY) or turn the bootstrap off (LIUHU_BOOTSTRAP_ENABLED=false).",
                [nameof(BootstrapBureauKey)]);
        }
    }
}
