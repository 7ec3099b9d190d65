@description('The Function App (.NET 10 isolated worker, Linux) on Flex Consumption, or Elastic Premium where Flex is not offered.')
param name string
param planName string
param location string
param tags object
@allowed(['FlexConsumption', 'ElasticPremium'])
param hostingPlan string
param identityResourceId string
param identityClientId string
param blobServiceUri string
param queueServiceUri string
param tableServiceUri string
param deploymentContainerName string
param applicationInsightsConnectionString string
param personalDataKeySecretUri string
@description('Origin of the public recruitment site, allowed by CORS (e.g. https://jobs.huhhot.gov.cn).')
param publicSiteOrigin string

var flex = hostingPlan == 'FlexConsumption'

// The same setting names the app reads (core/Storage/StorageOptions.cs): identity-based, no keys.
var commonSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: blobServiceUri
  AzureWebJobsStorage__queueServiceUri: queueServiceUri
  AzureWebJobsStorage__tableServiceUri: tableServiceUri
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  PersonalData__KeyId: 'k1'
  PersonalData__EncryptionKey: '@Microsoft.KeyVault(SecretUri=${personalDataKeySecretUri})'
  Cors__AllowedOrigins__0: publicSiteOrigin
  // 01:00 UTC on the 1st = 09:00 Beijing: the month that has just ended is published.
  CatalogueSchedule: '0 0 1 1 * *'
}

// Elastic Premium needs the runtime named in settings and runs the package from blob storage with the identity.
var premiumSettings = {
  FUNCTIONS_EXTENSION_VERSION: '~4'
  FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
  WEBSITE_RUN_FROM_PACKAGE: '${blobServiceUri}/${deploymentContainerName}/app.zip'
  WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID: identityResourceId
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: flex ? 'functionapp' : 'elastic'
  sku: flex ? { name: 'FC1', tier: 'FlexConsumption' } : { name: 'EP1', tier: 'ElasticPremium' }
  properties: {
    reserved: true
    maximumElasticWorkerCount: flex ? null : 20
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
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      linuxFxVersion: flex ? null : 'DOTNET-ISOLATED|10.0'
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
    properties: flex ? commonSettings : union(commonSettings, premiumSettings)
  }
}

output name string = site.name
output uri string = 'https://${site.properties.defaultHostName}'
