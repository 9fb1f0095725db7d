output "endpoint" {
  description = "The service's endpoint (AZURE_SEARCH_ENDPOINT)."
  value       = "https://${azurerm_search_service.this.name}.search.windows.net"
}

output "id" {
  description = "Resource id of the search service."
  value       = azurerm_search_service.this.id
}
