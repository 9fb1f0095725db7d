output "api_url" {
  description = "HTTPS URL of the api app."
  value       = "https://${azurerm_container_app.api.ingress[0].fqdn}"
}

output "api_app_name" {
  description = "Name of the api app."
  value       = azurerm_container_app.api.name
}

output "worker_app_name" {
  description = "Name of the worker app."
  value       = azurerm_container_app.worker.name
}

output "environment_name" {
  description = "Name of the Container Apps environment."
  value       = azurerm_container_app_environment.this.name
}
