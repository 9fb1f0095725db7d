output "name" {
  description = "Key Vault name."
  value       = azurerm_key_vault.this.name
}

output "uri" {
  description = "Key Vault URI."
  value       = azurerm_key_vault.this.vault_uri
}

output "secret_versionless_ids" {
  description = "Secret name => versionless id, for Container Apps Key Vault references (the latest version is used)."
  value       = { for name, secret in azurerm_key_vault_secret.this : name => secret.versionless_id }
}
