resource "azurerm_storage_account" "this" {
  name                     = var.account_name
  location                 = var.location
  resource_group_name      = var.resource_group_name
  account_kind             = "StorageV2"
  account_tier             = "Standard"
  account_replication_type = var.replication_type

  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = false
  default_to_oauth_authentication = true
  public_network_access_enabled   = false

  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
  }

  blob_properties {
    versioning_enabled  = true
    change_feed_enabled = true

    delete_retention_policy {
      days = var.blob_delete_retention_days
    }

    container_delete_retention_policy {
      days = var.container_delete_retention_days
    }
  }

  tags = var.tags
}

resource "azurerm_storage_container" "documents" {
  name                  = var.blob_container_name
  storage_account_id    = azurerm_storage_account.this.id
  container_access_type = "private"
}

resource "azurerm_storage_queue" "this" {
  for_each           = toset(local.queues)
  name               = each.value
  storage_account_id = azurerm_storage_account.this.id
}

# azurerm_storage_table only works through the data plane with a shared key; Resource Manager creates these.
resource "azapi_resource" "table" {
  for_each  = toset(local.tables)
  type      = "Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01"
  name      = each.value
  parent_id = "${azurerm_storage_account.this.id}/tableServices/default"
  body      = {}
}

resource "azurerm_private_endpoint" "this" {
  for_each            = toset(["blob", "queue", "table"])
  name                = "pe-${var.account_name}-${each.value}"
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "psc-${var.account_name}-${each.value}"
    private_connection_resource_id = azurerm_storage_account.this.id
    subresource_names              = [each.value]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = each.value
    private_dns_zone_ids = [var.private_dns_zone_ids[each.value]]
  }
}

resource "azurerm_role_assignment" "data" {
  for_each             = toset(["Storage Blob Data Contributor", "Storage Queue Data Contributor", "Storage Table Data Contributor"])
  scope                = azurerm_storage_account.this.id
  role_definition_name = each.value
  principal_id         = var.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_monitor_diagnostic_setting" "account" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_storage_account.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_metric {
    category = "Transaction"
  }
}

resource "azurerm_monitor_diagnostic_setting" "services" {
  for_each                   = toset(["blobServices", "queueServices", "tableServices"])
  name                       = "to-log-analytics"
  target_resource_id         = "${azurerm_storage_account.this.id}/${each.value}/default"
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "Transaction"
  }
}
