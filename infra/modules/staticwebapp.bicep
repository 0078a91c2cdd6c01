// Static Web App for the dashboard (web/), with the function app linked as its /api backend.
// Linked backends need the Standard SKU; Static Web Apps exist in a handful of regions only.

@description('Static Web App name.')
param name string

@description('Region (Static Web Apps: westus2, centralus, eastus2, westeurope, eastasia).')
param location string

@description('Tags applied to every resource.')
param tags object

@description('azd service name that would deploy the dashboard into this app.')
param serviceName string = 'web'

@description('Link a backend (the function app) under /api.')
param linkBackend bool

@description('Resource id of the function app to link as backend.')
param backendResourceId string = ''

@description('Region of that function app.')
param backendLocation string = ''

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': serviceName
  })
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Enabled'
  }
}

resource backend 'Microsoft.Web/staticSites/linkedBackends@2024-04-01' = if (linkBackend) {
  parent: site
  name: 'backend'
  properties: {
    backendResourceId: backendResourceId
    region: backendLocation
  }
}

@description('Static Web App name.')
output name string = site.name

@description('Default host name of the dashboard.')
output defaultHostName string = site.properties.defaultHostname
