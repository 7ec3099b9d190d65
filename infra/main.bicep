targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; with the subscription and location it makes the resource names.')
param environmentName string

@minLength(1)
@description('Region for every resource. Flex Consumption is not offered everywhere (nor in Azure China): use hostingPlan=ElasticPremium there.')
@metadata({ azd: { type: 'location' } })
param location string

@allowed(['FlexConsumption', 'ElasticPremium'])
param hostingPlan string = 'FlexConsumption'

@description('Origin of the public recruitment site, allowed by CORS.')
param publicSiteOrigin string = 'https://jobs.example.org'

@secure()
@description('Base64 of 32 random bytes that encrypts graduates\' personal data; azd prompts for it (openssl rand -base64 32).')
param personalDataKey string

@description('Object id of the deploying principal (azd fills AZURE_PRINCIPAL_ID).')
param principalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
@description('Kind of the deploying principal (azd fills AZURE_PRINCIPAL_TYPE; a CI pipeline is a ServicePrincipal).')
param principalType string = 'User'

@description('Give the deployer data roles on storage and read on the personal-data key, for debugging. Off by default: production holds personal data.')
param grantDeployerDataAccess bool = false

var abbrs = loadJsonContent('abbreviations.json')
var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName, project: 'liuhu' }
var functionAppName = '${abbrs.webSitesFunctions}liuhu-${token}'
var deploymentContainerName = 'app-package-${take(token, 10)}'

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
  params: { name: '${abbrs.storageStorageAccounts}${token}', location: location, tags: tags, deploymentContainerName: deploymentContainerName }
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
  params: { name: '${abbrs.keyVaultVaults}${take(token, 18)}', location: location, tags: tags, personalDataKey: personalDataKey }
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
    personalDataKeySecretUri: vault.outputs.personalDataKeySecretUri
    publicSiteOrigin: publicSiteOrigin
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableServiceUri
