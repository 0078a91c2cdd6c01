// Function app on the Flex Consumption plan (Linux, .NET isolated worker).
// Flex Consumption runs Durable Functions on the Azure Storage provider (all triggers but Kafka, Azure SQL and
// SignalR are supported). The runtime stack lives in functionAppConfig.runtime: FUNCTIONS_WORKER_RUNTIME,
// FUNCTIONS_EXTENSION_VERSION and WEBSITE_RUN_FROM_PACKAGE are deprecated on this plan and must not be set.

@description('Function app name.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('azd service name (azure.yaml) that deploys into this app.')
param serviceName string = 'api'

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Storage account for AzureWebJobsStorage and the task hub.')
param storageAccountName string

@description('Blob endpoint of that account.')
param storageBlobEndpoint string

@description('Container for the deployment package.')
param deploymentContainerName string

@description('Application Insights connection string (no credential: local auth is disabled).')
param applicationInsightsConnectionString string

@description('Application settings of the product (see local.settings.sample.json).')
param appSettings object

@description('Vault URI (https://<name>.vault.azure.net/) the Key Vault references point into.')
param keyVaultUri string

@description('App settings whose value is a credential: setting name -> Key Vault secret name (set as Key Vault references).')
param keyVaultSettings object = {}

@description('Worker runtime version (dotnet-isolated).')
param runtimeVersion string = '10.0'

@description('Upper bound of instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Instance memory size.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

// Identity-based connections only: the host, the Durable Task Azure Storage provider and the timer trigger's
// blob leases all resolve AzureWebJobsStorage__accountName + credential + clientId.
var hostSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  // DefaultAzureCredential (Key Vault, PostgreSQL token) picks the user-assigned identity from this variable.
  AZURE_CLIENT_ID: identityClientId
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': serviceName
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: runtimeVersion
      }
    }
  }
}

// The platform resolves these with keyVaultReferenceIdentity (the user-assigned identity, Key Vault Secrets User on the
// vault); the versionless SecretUri follows secret rotation.
var keyVaultReferences = toObject(
  items(keyVaultSettings),
  setting => setting.key,
  setting => '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${setting.value}/)'
)

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, keyVaultReferences, hostSettings)
}

// Deployments (azd deploy) authenticate with Entra ID; publishing profiles with basic credentials stay off.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Function app name.')
output name string = site.name

@description('Function app resource id.')
output id string = site.id

@description('Function app region (the Static Web App backend link needs it).')
output location string = site.location

@description('Default host name.')
output defaultHostName string = site.properties.defaultHostName
