output "id" {
  description = "Resource id of the identity."
  value       = azurerm_user_assigned_identity.this.id
}

output "client_id" {
  description = "Client id of the identity (AZURE_CLIENT_ID)."
  value       = azurerm_user_assigned_identity.this.client_id
}

output "principal_id" {
  description = "Principal (object) id of the identity, for role assignments."
  value       = azurerm_user_assigned_identity.this.principal_id
}
