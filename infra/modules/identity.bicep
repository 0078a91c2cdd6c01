// The one user-assigned managed identity the function app runs as: storage (task hub, deployment package),
// Key Vault secrets, PostgreSQL (Entra admin) and Application Insights ingestion all use it.

@description('Identity name.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Identity resource id.')
output id string = identity.id

@description('Identity name (also the PostgreSQL role name of the Entra admin).')
output name string = identity.name

@description('Object (principal) id, for role assignments.')
output principalId string = identity.properties.principalId

@description('Client (application) id, for AzureWebJobsStorage__clientId and AZURE_CLIENT_ID.')
output clientId string = identity.properties.clientId
