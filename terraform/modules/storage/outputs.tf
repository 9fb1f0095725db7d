output "account_name" {
  description = "Storage account name."
  value       = azurerm_storage_account.this.name
}

output "table_endpoint" {
  description = "The account's table endpoint (AZURE_STORAGE_ACCOUNT_URL)."
  value       = azurerm_storage_account.this.primary_table_endpoint
}

output "blob_container_name" {
  description = "The documents' container."
  value       = azurerm_storage_container.documents.name
}

output "document_queue_name" {
  description = "The document ingestion queue the worker scales on."
  value       = azurerm_storage_queue.this["ingest-documents"].name
}

output "redaction_plan_queue_name" {
  description = "The case-wide redaction plan queue the worker scales on."
  value       = azurerm_storage_queue.this["redaction-plans"].name
}
