// Website Factory on Azure (azd): Durable Functions on Flex Consumption, PostgreSQL (Entra ID only), Key Vault,
// Application Insights, and a Static Web App for the dashboard. Every credential is a managed identity or an
// Entra ID token; no key, password or connection secret is created, passed or output here.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; it seeds the resource token and names the resource group.')
param environmentName string

@minLength(1)
@description('Region for all resources but the Static Web App (pick one that offers Flex Consumption).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Region of the Static Web App (the service exists in a few regions only).')
@allowed([
  'westus2'
  'centralus'
  'eastus2'
  'westeurope'
  'eastasia'
])
param staticWebAppLocation string = 'westeurope'

@description('Object id of the operator running azd (AZURE_PRINCIPAL_ID). It gets Key Vault Secrets Officer to load the vendor secrets. Empty: no operator role.')
param principalId string = ''

@description('Principal type of principalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Optional resource group name; default rg-<environmentName>.')
param resourceGroupName string = ''

@description('Link the function app as the Static Web App backend (/api).')
param linkDashboardBackend bool = true

@description('Durable Functions task hub name (host.json reads it from WF_TASK_HUB).')
@minLength(3)
@maxLength(45)
param taskHubName string = 'WebsiteFactory'

@description('Name of the application database.')
param databaseName string = 'websitefactory'

@description('PostgreSQL compute SKU.')
param postgresSkuName string = 'Standard_B1ms'

@description('PostgreSQL compute tier.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'Burstable'

@description('NCRONTAB schedule (six fields, UTC) of the nightly analytics timer.')
param nightlySchedule string = '0 30 2 * * *'

@description('NCRONTAB schedule (six fields, UTC) of the nightly reconcile (drift and orphans) timer.')
param reconcileSchedule string = '0 0 4 * * *'

@description('How long ProvisionSite waits for the registrar delegation (TimeSpan, d.hh:mm:ss).')
param delegationTimeout string = '2.00:00:00'

@description('Cloudflare API base URL.')
param cloudflareBaseUrl string = 'https://api.cloudflare.com/client/v4/'

@description('Namecheap API endpoint.')
param namecheapBaseUrl string = 'https://api.namecheap.com/xml.response'

@description('Spaceship API base URL.')
param spaceshipBaseUrl string = 'https://spaceship.dev/api/v1/'

@description('Matomo base URL.')
param matomoBaseUrl string

@description('Directus base URL.')
param directusBaseUrl string

@description('OpenAI-compatible content endpoint base URL.')
param contentBaseUrl string

@description('Model or deployment name used for content generation.')
param contentModel string

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var names = {
  identity: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
  storage: '${abbrs.storageStorageAccounts}${resourceToken}'
  applicationInsights: '${abbrs.insightsComponents}${resourceToken}'
  keyVault: '${abbrs.keyVaultVaults}${resourceToken}'
}
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  scope: rg
  params: {
    name: '${abbrs.dBforPostgreSQLServers}${resourceToken}'
    location: location
    tags: tags
    databaseName: databaseName
    // The API names an Entra administrator by its object id, known only once the identity exists.
    #disable-next-line what-if-short-circuiting
    administratorPrincipalId: identity.outputs.principalId
    administratorPrincipalName: identity.outputs.name
    skuName: postgresSkuName
    skuTier: postgresSkuTier
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    identityName: names.identity
    storageAccountName: names.storage
    applicationInsightsName: names.applicationInsights
    keyVaultName: names.keyVault
    operatorPrincipalId: principalId
    operatorPrincipalType: principalType
  }
  // Names are passed as compile-time values (precise what-if), so the order is stated here.
  dependsOn: [
    identity
    storage
    monitoring
    keyVault
  ]
}

// The product's settings, the same keys as local.settings.sample.json (the Infra tests keep the two in step).
// Secret *names* only: the values live in Key Vault (see infra/README.md, "After provisioning").
var productSettings = {
  WF_TASK_HUB: taskHubName
  ConnectionStrings__WebsiteFactory: 'Host=${postgres.outputs.fqdn};Database=${postgres.outputs.databaseName};Username=${identity.outputs.name};Ssl Mode=Require'
  Database__UseEntraId: 'true'
  // The product passes these to DefaultAzureCredentialOptions.ManagedIdentityClientId; left unset they would override
  // AZURE_CLIENT_ID with null and ask for a system-assigned identity, which the app does not have.
  Database__ManagedIdentityClientId: identity.outputs.clientId
  Secrets__Provider: 'KeyVault'
  Secrets__KeyVaultUri: keyVault.outputs.uri
  Secrets__ManagedIdentityClientId: identity.outputs.clientId
  Providers__Cloudflare__BaseUrl: cloudflareBaseUrl
  Providers__Namecheap__Endpoint: namecheapBaseUrl
  Providers__Spaceship__BaseUrl: spaceshipBaseUrl
  Providers__Matomo__Url: matomoBaseUrl
  Providers__Matomo__TokenSecretName: 'matomo-token'
  Content__Generator__BaseUrl: contentBaseUrl
  Content__Generator__Model: contentModel
  Content__Generator__ApiKeySecretName: 'content-api-key'
  Content__Directus__BaseUrl: directusBaseUrl
  Content__Directus__TokenSecretName: 'directus-token'
  Content__Workflow__MatomoUrl: matomoBaseUrl
  Content__Workflow__ArtifactsDirectory: '/tmp/wf-artifacts'
  Content__Build__Mode: 'Remote'
  Provisioning__DelegationTimeout: delegationTimeout
  Analytics__NightlySchedule: nightlySchedule
  Reconcile__NightlySchedule: reconcileSchedule
  // App Service authentication is not provisioned here yet: the X-MS-CLIENT-PRINCIPAL header must not be trusted
  // until it is (see src/WebsiteFactory.Functions/README.md, "The HTTP API on Azure"). API keys work regardless.
  Authentication__EasyAuth__Enabled: 'false'
  Authentication__EasyAuth__RoleClaim: 'roles'
  Authentication__EasyAuth__DefaultScope: 'read'
}

// App settings whose value is a credential: setting name -> Key Vault secret name. The function app module sets each as a
// Key Vault reference (@Microsoft.KeyVault(SecretUri=...)) that the platform resolves with the app's identity, so the value
// never appears in the template or the deployment history. Empty today: the product reads vendor credentials from the
// vault itself, by the secret names above (Secrets__Provider=KeyVault); a setting that must carry one goes here.
var keyVaultSettings = {}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    appSettings: productSettings
    keyVaultUri: keyVault.outputs.uri
    keyVaultSettings: keyVaultSettings
  }
  // The host must not start before its identity may read the task hub storage and the vault.
  dependsOn: [
    rbac
  ]
}

module dashboard 'modules/staticwebapp.bicep' = {
  name: 'dashboard'
  scope: rg
  params: {
    name: '${abbrs.webStaticSites}${resourceToken}'
    location: staticWebAppLocation
    tags: tags
    linkBackend: linkDashboardBackend
    backendResourceId: linkDashboardBackend ? functionApp.outputs.id : ''
    backendLocation: linkDashboardBackend ? functionApp.outputs.location : ''
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_MANAGED_IDENTITY_NAME string = identity.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_POSTGRES_HOST string = postgres.outputs.fqdn
output AZURE_POSTGRES_DATABASE string = postgres.outputs.databaseName
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_STATIC_WEB_APP_NAME string = dashboard.outputs.name
output SERVICE_WEB_URI string = 'https://${dashboard.outputs.defaultHostName}'
output WF_TASK_HUB string = taskHubName
