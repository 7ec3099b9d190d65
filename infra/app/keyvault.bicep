@description('Key Vault holding the key that encrypts graduates\' personal data; the app reads it through a Key Vault reference with its managed identity.')
param name string
param location string
param tags object
@secure()
@description('Base64 of 32 random bytes (openssl rand -base64 32). Only when set is the secret written: set it once, for a new key id.')
param personalDataKey string = ''
@description('Id of the key: the secret is personal-data-key-{id}.')
param personalDataKeyId string
@secure()
@description('The bootstrap bureau key; written as bootstrap-bureau-key only when set.')
param bootstrapBureauKey string = ''
@description('Recover this vault from soft delete (after azd down) instead of creating it.')
param recover bool = false
@description('Reachable only through a private endpoint (network option).')
param privateOnly bool = false

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    createMode: recover ? 'recover' : 'default'
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
    softDeleteRetentionInDays: 30
    publicNetworkAccess: privateOnly ? 'Disabled' : 'Enabled'
    networkAcls: { defaultAction: privateOnly ? 'Deny' : 'Allow', bypass: 'AzureServices' }
  }
}

// Written only when a key is given: a provision without one leaves the existing secret alone. Writing another
// value under an existing id would make every value encrypted with it unreadable; rotation uses a new id.
resource key 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(personalDataKey)) {
  parent: vault
  name: 'personal-data-key-${personalDataKeyId}'
  properties: {
    value: personalDataKey
    contentType: 'base64 AES-256 key'
  }
}

// Unlike the personal-data key, rewriting it encrypts nothing: a new value simply replaces the old secret.
resource bootstrap 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(bootstrapBureauKey)) {
  parent: vault
  name: 'bootstrap-bureau-key'
  properties: {
    value: bootstrapBureauKey
    contentType: 'Liuhu bootstrap bureau API key (remove once the bureau has its own key)'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
