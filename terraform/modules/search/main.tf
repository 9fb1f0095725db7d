resource "azurerm_search_service" "this" {
  name                = var.name
  location            = var.location
  resource_group_name = var.resource_group_name
  sku                 = var.sku
  replica_count       = var.replica_count
  partition_count     = var.partition_count

  # Entra ID (RBAC) only: no admin or query keys.
  local_authentication_enabled  = false
  public_network_access_enabled = length(var.deployer_ip_ranges) > 0
  allowed_ips                   = var.deployer_ip_ranges

  tags = var.tags
}

resource "azurerm_private_endpoint" "this" {
  name                = "pe-${var.name}"
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "psc-${var.name}"
    private_connection_resource_id = azurerm_search_service.this.id
    subresource_names              = ["searchService"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "search"
    private_dns_zone_ids = [var.private_dns_zone_id]
  }
}

# The app writes documents and PUTs the index definition at start-up (createOrUpdateIndex), hence both roles.
resource "azurerm_role_assignment" "app" {
  for_each             = toset(["Search Index Data Contributor", "Search Service Contributor"])
  scope                = azurerm_search_service.this.id
  role_definition_name = each.value
  principal_id         = var.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "deployer" {
  scope                = azurerm_search_service.this.id
  role_definition_name = "Search Service Contributor"
  principal_id         = var.deployer_principal_id
}

resource "azurerm_monitor_diagnostic_setting" "this" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_search_service.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}
