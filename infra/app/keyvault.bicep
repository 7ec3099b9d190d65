@description('Key Vault holding the key that encrypts graduates\' personal data; the app reads it through a Key Vault reference with its managed identity.')
param name string
param location string
param tags object
@secure()
@description('Base64 of 32 random bytes (openssl rand -base64 32).')
param personalDataKey string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
    softDeleteRetentionInDays: 30
  }

  resource key 'secrets' = {
    name: 'personal-data-key-k1'
    properties: { value: personalDataKey }
  }
}

output name string = vault.name
output personalDataKeySecretUri string = vault::key.properties.secretUri
