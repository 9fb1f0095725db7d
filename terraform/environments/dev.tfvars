# Dev: one small replica of everything. Secrets are not here: pass them as TF_VAR_* (README.md).
environment = "dev"
location    = "uksouth"
image       = "crcaseworkdev.azurecr.io/casework-facade:latest"

vnet_address_space              = ["10.60.0.0/16"]
container_apps_subnet_prefix    = "10.60.0.0/23"
private_endpoints_subnet_prefix = "10.60.2.0/24"
legacy_cms_address_prefixes     = ["10.10.0.0/16"]

storage_replication_type = "LRS"
search_sku               = "basic"
search_replica_count     = 1
search_partition_count   = 1
log_retention_days       = 30

legacy = {
  soap_url    = "https://legacy-cms.dev.example.internal/soap/CaseService"
  graphql_url = "https://legacy-cms.dev.example.internal/graphql"
  files_url   = "https://legacy-cms.dev.example.internal/files"
}

auth = {
  issuer   = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0"
  audience = "api://casework-facade-dev"
  jwks_url = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/discovery/v2.0/keys"
}

api_scale = {
  min_replicas        = 1
  max_replicas        = 2
  concurrent_requests = 50
  cpu                 = 0.5
  memory              = "1Gi"
}

worker_scale = {
  min_replicas = 1
  max_replicas = 2
  queue_length = 5
  cpu          = 1
  memory       = "2Gi"
}

tags = {
  cost-centre = "casework-dev"
}
