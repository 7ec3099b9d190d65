@description('The Function App (.NET 10 isolated worker, Linux) on Flex Consumption, or on a Dedicated (App Service) plan where Flex Consumption is not offered.')
param name string
param planName string
param location string
param tags object
@allowed(['FlexConsumption', 'Dedicated'])
param hostingPlan string
param identityResourceId string
param identityClientId string
param blobServiceUri string
param queueServiceUri string
param tableServiceUri string
param deploymentContainerName string
param applicationInsightsConnectionString string
@description('The vault\'s URI (ends with /); the app reads personal-data-key-{id} from it through Key Vault references.')
param keyVaultUri string
@description('Id of the key new personal data is written with (PersonalData__KeyId).')
param personalDataKeyId string
@description('Ids of older keys still read (PersonalData__PreviousKeys__{id}), during a rotation.')
param personalDataPreviousKeyIds array
@description('Give the app the bootstrap bureau key from Key Vault (the secret bootstrap-bureau-key must exist).')
param bootstrapEnabled bool = false
@description('Origin of the public recruitment site, allowed by CORS (e.g. https://jobs.huhhot.gov.cn).')
param publicSiteOrigin string
@description('Subnet the app\'s outbound traffic goes through (network option); empty for none.')
param appSubnetId string = ''

var flex = hostingPlan == 'FlexConsumption'
var vnet = !empty(appSubnetId)
var keyReference = map(concat([personalDataKeyId], personalDataPreviousKeyIds), id => {
  id: id
  value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/personal-data-key-${id})'
})

// The same setting names the app reads (core/Storage/StorageOptions.cs): identity-based, no keys.
var commonSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: blobServiceUri
  AzureWebJobsStorage__queueServiceUri: queueServiceUri
  AzureWebJobsStorage__tableServiceUri: tableServiceUri
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  PersonalData__KeyId: personalDataKeyId
  PersonalData__EncryptionKey: keyReference[0].value
  Cors__AllowedOrigins__0: publicSiteOrigin
  // 01:00 UTC on the 1st = 09:00 Beijing: the month that has just ended is published.
  CatalogueSchedule: '0 0 1 1 * *'
}
// The app refuses to start on an unresolved reference (AccessOptions), so a missing secret cannot become a
// publicly known bureau key.
var bootstrapSettings = bootstrapEnabled ? {
  Access__BootstrapBureauKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/bootstrap-bureau-key)'
} : {}
var previousKeySettings = toObject(skip(keyReference, 1), k => 'PersonalData__PreviousKeys__${k.id}', k => k.value)

// A Dedicated plan names the runtime in settings. Its content lives on the plan's own file system, so unlike
// Elastic Premium it needs no Azure Files share (and no storage key); azd zip-deploys to it with Entra ID.
var dedicatedSettings = {
  FUNCTIONS_EXTENSION_VERSION: '~4'
  FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: flex ? 'functionapp' : 'linux'
  sku: flex ? { name: 'FC1', tier: 'FlexConsumption' } : { name: 'P1v3', tier: 'PremiumV3' }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityResourceId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityResourceId
    virtualNetworkSubnetId: vnet ? appSubnetId : null
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      linuxFxVersion: flex ? null : 'DOTNET-ISOLATED|10.0'
      // Queue and timer triggers need the host running on a Dedicated plan.
      alwaysOn: flex ? null : true
      // Key Vault references and storage resolve through the private endpoints (Flex routes through the VNet by itself).
      vnetRouteAllEnabled: (vnet && !flex) ? true : null
      cors: { allowedOrigins: [publicSiteOrigin] }
    }
    functionAppConfig: flex ? {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobServiceUri}/${deploymentContainerName}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityResourceId }
        }
      }
      scaleAndConcurrency: { instanceMemoryMB: 2048, maximumInstanceCount: 40 }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    } : null
  }

  // Deployments authenticate with Entra ID (azd does); no FTP or Kudu user/password.
  resource ftp 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: { allow: false }
  }

  resource scm 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: { allow: false }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: union(commonSettings, previousKeySettings, bootstrapSettings, flex ? {} : dedicatedSettings)
  }
}

output name string = site.name
output uri string = 'https://${site.properties.defaultHostName}'
