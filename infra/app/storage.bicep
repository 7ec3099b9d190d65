@description('Storage account for Liuhu\'s tables, queues and blobs, and the Functions host. Keys are disabled: every caller uses Entra ID.')
param name string
param location string
param tags object
param deploymentContainerName string
@description('Reachable only through private endpoints (network option).')
param privateOnly bool = false

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    dnsEndpointType: 'Standard'
    publicNetworkAccess: privateOnly ? 'Disabled' : 'Enabled'
    networkAcls: { defaultAction: privateOnly ? 'Deny' : 'Allow', bypass: 'AzureServices' }
  }

  resource blobs 'blobServices' = {
    name: 'default'
    resource deployment 'containers' = {
      name: deploymentContainerName
    }
  }

  resource queues 'queueServices' = {
    name: 'default'
  }

  resource tables 'tableServices' = {
    name: 'default'
  }
}

output name string = storage.name
output blobServiceUri string = 'https://${storage.name}.blob.${environment().suffixes.storage}'
output queueServiceUri string = 'https://${storage.name}.queue.${environment().suffixes.storage}'
output tableServiceUri string = 'https://${storage.name}.table.${environment().suffixes.storage}'
