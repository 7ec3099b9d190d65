@description('Role assignments for the app\'s identity and, only when asked for, the deployer\'s data roles (for debugging against Azure).')
param storageAccountName string
param applicationInsightsName string
param keyVaultName string
param identityPrincipalId string
@description('Object id of the deploying principal (azd fills AZURE_PRINCIPAL_ID); empty to skip.')
param deployerPrincipalId string = ''
@allowed(['User', 'ServicePrincipal', 'Group'])
@description('Kind of the deploying principal (azd fills AZURE_PRINCIPAL_TYPE): a pipeline signs in as a service principal.')
param deployerPrincipalType string = 'User'
@description('Give the deployer read/write on the data (tables, queues, blobs) and read on the personal-data key. Off by default: the data is personal.')
param grantDeployerDataAccess bool = false

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}
var storageRoles = [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]
var deployerGetsData = grantDeployerDataAccess && !empty(deployerPrincipalId)

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource appStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in storageRoles: {
  name: guid(storage.id, identityPrincipalId, role)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}]

resource appMetrics 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identityPrincipalId, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityPrincipalId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource deployerStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in storageRoles: if (deployerGetsData) {
  name: guid(storage.id, deployerPrincipalId, role)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}]

resource deployerSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (deployerGetsData) {
  name: guid(vault.id, deployerPrincipalId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}

