# Prod: zone-redundant storage, search with a read-write SLA, API replicas never below two. Secrets: TF_VAR_* (README.md).
environment = "prod"
location    = "uksouth"
image       = "crcaseworkprod.azurecr.io/casework-facade:latest"

vnet_address_space              = ["10.61.0.0/16"]
container_apps_subnet_prefix    = "10.61.0.0/23"
private_endpoints_subnet_prefix = "10.61.2.0/24"
legacy_cms_address_prefixes     = ["10.10.0.0/16"]

storage_replication_type        = "ZRS"
blob_delete_retention_days      = 30
container_delete_retention_days = 30
search_sku                      = "standard"
search_replica_count            = 3
search_partition_count          = 1
log_retention_days              = 90
container_registry_sku          = "Premium"

legacy = {
  soap_url    = "https://legacy-cms.example.internal/soap/CaseService"
  graphql_url = "https://legacy-cms.example.internal/graphql"
  files_url   = "https://legacy-cms.example.internal/files"
}

auth = {
  issuer   = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0"
  audience = "api://casework-facade"
  jwks_url = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/discovery/v2.0/keys"
}

api_scale = {
  min_replicas        = 2
  max_replicas        = 10
  concurrent_requests = 50
  cpu                 = 1
  memory              = "2Gi"
}

worker_scale = {
  min_replicas = 1
  max_replicas = 10
  queue_length = 5
  cpu          = 2
  memory       = "4Gi"
}

tags = {
  cost-centre = "casework"
}
