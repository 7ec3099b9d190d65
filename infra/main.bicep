targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; with the subscription and location it makes the resource names.')
param environmentName string

@minLength(1)
@description('Region for every resource. Flex Consumption is offered in some regions only, and was not found offered in Azure China when this was written (unverified there): use hostingPlan=Dedicated where it is not.')
@metadata({ azd: { type: 'location' } })
param location string

// Elastic Premium is not offered: on Linux it keeps the app's content on an Azure Files share whose connection
// string holds a storage key (this storage account forbids keys), and without the share the app must run from a
// package URL that azd's zip deploy refuses. See docs/deploy.md.
@allowed(['FlexConsumption', 'Dedicated'])
@description('FlexConsumption (scales to zero, per-execution billing) or Dedicated (an always-on Linux App Service plan, P1v3) where Flex Consumption is not offered.')
param hostingPlan string = 'FlexConsumption'

@description('Origin of the public recruitment site, allowed by CORS.')
param publicSiteOrigin string = 'https://jobs.example.org'

@secure()
@description('Base64 of 32 random bytes that encrypts graduates\' personal data (openssl rand -base64 32). Set it for the first provision (or a rotation) only: only then is the secret written, and the postprovision hook clears it.')
param personalDataKey string = ''

@minLength(1)
@maxLength(16)
@description('Id of the key new personal data is written with; the secret is personal-data-key-{id}. Change it only to rotate (docs/operations.md).')
param personalDataKeyId string = 'k1'

@description('Comma-separated ids of older keys still read during a rotation, e.g. "k1"; empty otherwise.')
param personalDataPreviousKeyIds string = ''

@secure()
@description('A secret of at least 32 characters (openssl rand -base64 33) that acts as the bureau until it has a key of its own. Set it for the first provision only: it is written to Key Vault as bootstrap-bureau-key, and the postprovision hook clears it.')
param bootstrapBureauKey string = ''

@description('Give the app the bootstrap bureau key (Access__BootstrapBureauKey, a Key Vault reference). Turn it off, and provision again, once the bureau has its own key.')
param bootstrapEnabled bool = false

@description('Recover the Key Vault from soft delete (it keeps its name and its purge-protected key after azd down) instead of creating it.')
param recoverKeyVault bool = false

@description('Object id of the deploying principal (azd fills AZURE_PRINCIPAL_ID).')
param principalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
@description('Kind of the deploying principal (azd fills AZURE_PRINCIPAL_TYPE; a CI pipeline is a ServicePrincipal).')
param principalType string = 'User'

@description('Give the deployer data roles on storage and read on the personal-data key, for debugging. Off by default: production holds personal data.')
param grantDeployerDataAccess bool = false

@description('Network option: storage and Key Vault reachable only from the app, through private endpoints and the plan\'s VNet integration. Off by default.')
param vnetEnabled bool = false

var abbrs = loadJsonContent('abbreviations.json')
var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName, project: 'liuhu' }
var functionAppName = '${abbrs.webSitesFunctions}liuhu-${token}'
var deploymentContainerName = 'app-package-${take(token, 10)}'
var previousKeyIds = filter(map(split(personalDataPreviousKeyIds, ','), id => trim(id)), id => !empty(id))

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: group
  params: { name: '${abbrs.managedIdentityUserAssignedIdentities}liuhu-${token}', location: location, tags: tags }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: group
  params: {
    name: '${abbrs.storageStorageAccounts}${token}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    privateOnly: vnetEnabled
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: group
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${token}'
    applicationInsightsName: '${abbrs.insightsComponents}${token}'
    location: location
    tags: tags
  }
}

module vault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: group
  params: {
    name: '${abbrs.keyVaultVaults}${take(token, 18)}'
    location: location
    tags: tags
    personalDataKey: personalDataKey
    personalDataKeyId: personalDataKeyId
    bootstrapBureauKey: bootstrapBureauKey
    recover: recoverKeyVault
    privateOnly: vnetEnabled
  }
}

module network 'app/network.bicep' = if (vnetEnabled) {
  name: 'network'
  scope: group
  params: {
    name: '${abbrs.networkVirtualNetworks}${token}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
    keyVaultName: vault.outputs.name
    hostingPlan: hostingPlan
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: group
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: vault.outputs.name
    identityPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
    grantDeployerDataAccess: grantDeployerDataAccess
  }
}

module api 'app/function.bicep' = {
  name: 'api'
  scope: group
  // Every role first: the host reads storage and resolves the Key Vault reference as soon as the app exists.
  dependsOn: [rbac]
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${token}'
    location: location
    tags: tags
    hostingPlan: hostingPlan
    identityResourceId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    blobServiceUri: storage.outputs.blobServiceUri
    queueServiceUri: storage.outputs.queueServiceUri
    tableServiceUri: storage.outputs.tableServiceUri
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    keyVaultUri: vault.outputs.uri
    personalDataKeyId: personalDataKeyId
    personalDataPreviousKeyIds: previousKeyIds
    bootstrapEnabled: bootstrapEnabled
    publicSiteOrigin: publicSiteOrigin
    appSubnetId: vnetEnabled ? network!.outputs.appSubnetId : ''
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_NAME string = api.outputs.name
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableServiceUri
