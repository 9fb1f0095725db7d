locals {
  name = "${var.name_prefix}-${var.environment}"
  # Storage accounts, registries and key vaults take letters and digits only, globally unique.
  compact_name = lower(replace("${var.name_prefix}${var.environment}", "/[^A-Za-z0-9]/", ""))

  tags = merge(var.tags, {
    application = "casework-facade"
    environment = var.environment
    managed-by  = "terraform"
  })
}

data "azurerm_client_config" "current" {}

resource "azurerm_resource_group" "this" {
  name     = "rg-${local.name}"
  location = var.location
  tags     = local.tags
}

module "observability" {
  source              = "./modules/observability"
  name                = local.name
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  retention_in_days   = var.log_retention_days
  tags                = local.tags
}

module "identity" {
  source              = "./modules/identity"
  name                = local.name
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  tags                = local.tags
}

module "network" {
  source                          = "./modules/network"
  name                            = local.name
  location                        = azurerm_resource_group.this.location
  resource_group_name             = azurerm_resource_group.this.name
  address_space                   = var.vnet_address_space
  container_apps_subnet_prefix    = var.container_apps_subnet_prefix
  private_endpoints_subnet_prefix = var.private_endpoints_subnet_prefix
  legacy_cms_vnet_id              = var.legacy_cms_vnet_id
  legacy_cms_address_prefixes     = var.legacy_cms_address_prefixes
  legacy_cms_next_hop_ip          = var.legacy_cms_next_hop_ip
  tags                            = local.tags
}

module "storage" {
  source                          = "./modules/storage"
  account_name                    = "st${substr(local.compact_name, 0, 22)}"
  location                        = azurerm_resource_group.this.location
  resource_group_name             = azurerm_resource_group.this.name
  replication_type                = var.storage_replication_type
  blob_delete_retention_days      = var.blob_delete_retention_days
  container_delete_retention_days = var.container_delete_retention_days
  blob_container_name             = var.blob_container_name
  private_endpoint_subnet_id      = module.network.private_endpoints_subnet_id
  private_dns_zone_ids            = module.network.private_dns_zone_ids
  log_analytics_workspace_id      = module.observability.log_analytics_workspace_id
  principal_id                    = module.identity.principal_id
  tags                            = local.tags
}

module "search" {
  source                     = "./modules/search"
  name                       = "srch-${local.name}"
  location                   = azurerm_resource_group.this.location
  resource_group_name        = azurerm_resource_group.this.name
  sku                        = var.search_sku
  replica_count              = var.search_replica_count
  partition_count            = var.search_partition_count
  index_name                 = var.search_index_name
  create_index               = var.create_search_index
  deployer_ip_ranges         = var.deployer_ip_ranges
  deployer_principal_id      = data.azurerm_client_config.current.object_id
  private_endpoint_subnet_id = module.network.private_endpoints_subnet_id
  private_dns_zone_id        = module.network.private_dns_zone_ids["search"]
  log_analytics_workspace_id = module.observability.log_analytics_workspace_id
  principal_id               = module.identity.principal_id
  tags                       = local.tags
}

module "key_vault" {
  source                     = "./modules/key-vault"
  name                       = "kv-${substr(local.compact_name, 0, 21)}"
  location                   = azurerm_resource_group.this.location
  resource_group_name        = azurerm_resource_group.this.name
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  soft_delete_retention_days = var.key_vault_soft_delete_retention_days
  deployer_ip_ranges         = var.deployer_ip_ranges
  deployer_principal_id      = data.azurerm_client_config.current.object_id
  private_endpoint_subnet_id = module.network.private_endpoints_subnet_id
  private_dns_zone_id        = module.network.private_dns_zone_ids["vault"]
  log_analytics_workspace_id = module.observability.log_analytics_workspace_id
  principal_id               = module.identity.principal_id
  secrets = {
    legacy-service-username = var.legacy_service_username
    legacy-service-password = var.legacy_service_password
    redaction-log-hash-key  = var.redaction_log_hash_key
    strangler-recording-key = var.strangler_recording_key
    audit-query-hash-key    = var.audit_query_hash_key
  }
  tags = local.tags
}

module "registry" {
  source              = "./modules/registry"
  name                = "cr${substr(local.compact_name, 0, 48)}"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  sku                 = var.container_registry_sku
  principal_id        = module.identity.principal_id
  tags                = local.tags
}

module "container_apps" {
  source                     = "./modules/container-apps"
  name                       = local.name
  location                   = azurerm_resource_group.this.location
  resource_group_name        = azurerm_resource_group.this.name
  infrastructure_subnet_id   = module.network.container_apps_subnet_id
  log_analytics_workspace_id = module.observability.log_analytics_workspace_id
  identity_id                = module.identity.id
  identity_client_id         = module.identity.client_id
  registry_server            = module.registry.login_server
  image                      = var.image
  storage_account_name       = module.storage.account_name
  storage_account_url        = module.storage.table_endpoint
  blob_container_name        = module.storage.blob_container_name
  document_queue_name        = module.storage.document_queue_name
  redaction_plan_queue_name  = module.storage.redaction_plan_queue_name
  search_endpoint            = module.search.endpoint
  search_index_name          = var.search_index_name
  key_vault_secret_ids       = module.key_vault.secret_versionless_ids
  legacy                     = var.legacy
  auth                       = var.auth
  web_app                    = var.web_app
  cors_allowed_origins       = var.cors_allowed_origins
  log_level                  = var.log_level
  api_scale                  = var.api_scale
  worker_scale               = var.worker_scale
  tags                       = local.tags

  # The apps start only once they may read their secrets, pull their image and reach storage and search.
  depends_on = [module.key_vault, module.registry, module.storage, module.search]
}
