@description('Network option: a VNet the app integrates with, and private endpoints (with private DNS) for storage and Key Vault, which then refuse public traffic.')
param name string
param location string
param tags object
param storageAccountName string
param keyVaultName string
@allowed(['FlexConsumption', 'Dedicated'])
@description('Flex Consumption integrates through a subnet delegated to Microsoft.App/environments, a Dedicated plan to Microsoft.Web/serverFarms.')
param hostingPlan string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

// One private endpoint per storage service the host and the app use, and one for the vault; zone names from
// environment(), so they are right in Azure China too (privatelink.vaultcore.azure.cn, ...chinacloudapi.cn).
var endpoints = [
  { groupId: 'blob', zone: 'privatelink.blob.${environment().suffixes.storage}', target: storage.id }
  { groupId: 'queue', zone: 'privatelink.queue.${environment().suffixes.storage}', target: storage.id }
  { groupId: 'table', zone: 'privatelink.table.${environment().suffixes.storage}', target: storage.id }
  { groupId: 'vault', zone: 'privatelink${replace(environment().suffixes.keyvaultDns, '.vault.', '.vaultcore.')}', target: vault.id }
]

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: ['10.0.0.0/16'] }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: '10.0.1.0/24'
          delegations: [
            {
              name: 'app'
              properties: { serviceName: hostingPlan == 'FlexConsumption' ? 'Microsoft.App/environments' : 'Microsoft.Web/serverFarms' }
            }
          ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: '10.0.2.0/24'
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }

  resource appSubnet 'subnets' existing = {
    name: 'app'
  }

  resource endpointSubnet 'subnets' existing = {
    name: 'private-endpoints'
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [for endpoint in endpoints: {
  name: endpoint.zone
  location: 'global'
  tags: tags
}]

resource links 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [for (endpoint, i) in endpoints: {
  parent: zones[i]
  name: vnet.name
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: { id: vnet.id }
  }
}]

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2024-05-01' = [for endpoint in endpoints: {
  name: 'pe-${last(split(endpoint.target, '/'))}-${endpoint.groupId}'
  location: location
  tags: tags
  properties: {
    subnet: { id: vnet::endpointSubnet.id }
    privateLinkServiceConnections: [
      {
        name: endpoint.groupId
        properties: { privateLinkServiceId: endpoint.target, groupIds: [endpoint.groupId] }
      }
    ]
  }
}]

resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [for (endpoint, i) in endpoints: {
  parent: privateEndpoints[i]
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      { name: endpoint.groupId, properties: { privateDnsZoneId: zones[i].id } }
    ]
  }
}]

output appSubnetId string = vnet::appSubnet.id
