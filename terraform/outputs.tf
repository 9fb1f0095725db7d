output "resource_group_name" {
  description = "The resource group holding everything."
  value       = azurerm_resource_group.this.name
}

output "api_url" {
  description = "HTTPS URL of the api app (the facade's API)."
  value       = module.container_apps.api_url
}

output "web_app_url" {
  description = "URL of the web app: the api app serves it at /, so it is api_url."
  value       = module.container_apps.api_url
}

output "api_app_name" {
  description = "Name of the api container app."
  value       = module.container_apps.api_app_name
}

output "worker_app_name" {
  description = "Name of the worker container app."
  value       = module.container_apps.worker_app_name
}

output "container_app_environment_name" {
  description = "Name of the Container Apps environment."
  value       = module.container_apps.environment_name
}

output "managed_identity_client_id" {
  description = "Client id of the apps' user-assigned managed identity (AZURE_CLIENT_ID)."
  value       = module.identity.client_id
}

output "managed_identity_principal_id" {
  description = "Principal (object) id of the managed identity, for further role assignments."
  value       = module.identity.principal_id
}

output "storage_account_name" {
  description = "The storage account (blobs, queues, tables)."
  value       = module.storage.account_name
}

output "storage_account_url" {
  description = "AZURE_STORAGE_ACCOUNT_URL: the account's table endpoint (the app derives the blob and queue endpoints)."
  value       = module.storage.table_endpoint
}

output "search_endpoint" {
  description = "AZURE_SEARCH_ENDPOINT."
  value       = module.search.endpoint
}

output "search_index_name" {
  description = "AZURE_SEARCH_INDEX_NAME."
  value       = var.search_index_name
}

output "key_vault_name" {
  description = "The Key Vault holding the legacy credentials and the keys."
  value       = module.key_vault.name
}

output "key_vault_uri" {
  description = "The Key Vault's URI."
  value       = module.key_vault.uri
}

output "container_registry_login_server" {
  description = "Login server of the container registry to push the image to."
  value       = module.registry.login_server
}

output "log_analytics_workspace_id" {
  description = "Log Analytics workspace receiving the apps' logs and the diagnostic settings."
  value       = module.observability.log_analytics_workspace_id
}

output "application_insights_name" {
  description = "The Application Insights resource (workspace-based)."
  value       = module.observability.application_insights_name
}

output "virtual_network_id" {
  description = "The virtual network (to peer from the legacy CMS side)."
  value       = module.network.virtual_network_id
}
