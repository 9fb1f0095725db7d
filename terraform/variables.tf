variable "subscription_id" {
  type        = string
  description = "The Azure subscription to deploy into; null takes ARM_SUBSCRIPTION_ID from the environment (as the deploy workflow sets it)."
  default     = null
}

variable "environment" {
  type        = string
  description = "Environment name, used in resource names and tags (dev, prod)."
  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,7}$", var.environment))
    error_message = "environment: 2-8 lower-case letters or digits, starting with a letter."
  }
}

variable "location" {
  type        = string
  description = "Azure region of every resource, e.g. uksouth."
}

variable "name_prefix" {
  type        = string
  description = "Prefix of resource names (letters, digits, hyphens); globally unique names (storage, key vault, registry) use it without hyphens."
  default     = "casework"
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource, besides application, environment and managed-by."
  default     = {}
}

variable "image" {
  type        = string
  description = "The facade's container image (both apps run it), e.g. <registry>.azurecr.io/casework-facade:<git sha>."
}

variable "container_registry_sku" {
  type        = string
  description = "SKU of the container registry the apps pull from (Basic, Standard, Premium)."
  default     = "Standard"
}

variable "log_retention_days" {
  type        = number
  description = "Days Log Analytics keeps logs and Application Insights data."
  default     = 30
}

variable "log_level" {
  type        = string
  description = "LOG_LEVEL of both apps (fatal, error, warn, info, debug, trace, silent)."
  default     = "info"
}

variable "vnet_address_space" {
  type        = list(string)
  description = "Address space of the virtual network."
}

variable "container_apps_subnet_prefix" {
  type        = string
  description = "Subnet of the Container Apps environment (delegated to Microsoft.App/environments; /27 or larger)."
}

variable "private_endpoints_subnet_prefix" {
  type        = string
  description = "Subnet of the private endpoints of storage, search and Key Vault."
}

variable "legacy_cms_vnet_id" {
  type        = string
  description = "Resource id of the legacy CMS's virtual network to peer with, or null when it is reached another way (VPN, ExpressRoute, hub)."
  default     = null
}

variable "legacy_cms_address_prefixes" {
  type        = list(string)
  description = "Address prefixes of the legacy CMS: routed from the Container Apps subnet (see legacy_cms_next_hop_ip)."
  default     = []
}

variable "legacy_cms_next_hop_ip" {
  type        = string
  description = "Firewall or appliance IP the legacy CMS prefixes are routed through; null routes them to the virtual network gateway."
  default     = null
}

variable "deployer_ip_ranges" {
  type        = list(string)
  description = "Public IP ranges of the machine running Terraform, let through to Key Vault and AI Search (secrets, the index); empty keeps their public endpoints off (run Terraform from inside the network then)."
  default     = []
}

variable "storage_replication_type" {
  type        = string
  description = "Storage account replication (LRS, ZRS, GRS, GZRS)."
  default     = "ZRS"
}

variable "blob_delete_retention_days" {
  type        = number
  description = "Days deleted and overwritten blobs are kept (soft delete)."
  default     = 14
}

variable "container_delete_retention_days" {
  type        = number
  description = "Days a deleted blob container is kept (soft delete)."
  default     = 14
}

variable "blob_container_name" {
  type        = string
  description = "The documents' blob container: AZURE_BLOB_CONTAINER."
  default     = "casework-documents"
}

variable "search_sku" {
  type        = string
  description = "Azure AI Search SKU (basic, standard, standard2, ...); private endpoints need basic or above."
  default     = "basic"
}

variable "search_replica_count" {
  type        = number
  description = "Search replicas (query throughput and availability: 2 for a read SLA, 3 for read-write)."
  default     = 1
}

variable "search_partition_count" {
  type        = number
  description = "Search partitions (index size and indexing throughput)."
  default     = 1
}

variable "search_index_name" {
  type        = string
  description = "The index of document lines: AZURE_SEARCH_INDEX_NAME."
  default     = "case-lines"
}

variable "create_search_index" {
  type        = bool
  description = "Create or update the index from modules/search/index-definition.json with az rest (needs the az CLI and a way to the search service); the app creates the same index on first use otherwise."
  default     = true
}

variable "key_vault_soft_delete_retention_days" {
  type        = number
  description = "Days a deleted Key Vault or secret can be recovered (7-90)."
  default     = 90
}

variable "legacy" {
  type = object({
    soap_url    = string
    graphql_url = string
    files_url   = string
  })
  description = "The legacy CMS's endpoints: LEGACY_SOAP_URL, LEGACY_GRAPHQL_URL, LEGACY_FILES_URL."
}

variable "legacy_service_username" {
  type        = string
  description = "The facade's service account on the legacy CMS (Key Vault secret legacy-service-username); pass as TF_VAR_legacy_service_username."
  sensitive   = true
}

variable "legacy_service_password" {
  type        = string
  description = "The service account's password (Key Vault secret legacy-service-password); pass as TF_VAR_legacy_service_password."
  sensitive   = true
}

variable "redaction_log_hash_key" {
  type        = string
  description = "Base64 of 32 random bytes: REDACTION_LOG_HASH_KEY (Key Vault secret redaction-log-hash-key); pass as TF_VAR_redaction_log_hash_key."
  sensitive   = true
}

variable "strangler_recording_key" {
  type        = string
  description = "Base64 of 32 random bytes: STRANGLER_RECORDING_KEY (Key Vault secret strangler-recording-key); pass as TF_VAR_strangler_recording_key."
  sensitive   = true
}

variable "audit_query_hash_key" {
  type        = string
  description = "At least 32 characters: AUDIT_QUERY_HASH_KEY (Key Vault secret audit-query-hash-key); pass as TF_VAR_audit_query_hash_key."
  sensitive   = true
}

variable "auth" {
  type = object({
    issuer         = string
    audience       = string
    jwks_url       = string
    username_claim = optional(string, "preferred_username")
  })
  description = "The identity provider (Entra ID): AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL, AUTH_USERNAME_CLAIM."
}

variable "web_app" {
  type = object({
    client_id = string
    authority = string
    api_scope = string
  })
  description = "The web app's Entra ID sign-in: WEB_APP_CLIENT_ID, WEB_APP_AUTHORITY, WEB_APP_API_SCOPE; null serves the web app without sign-in settings."
  default     = null
}

variable "cors_allowed_origins" {
  type        = list(string)
  description = "CORS_ALLOWED_ORIGINS: other origins allowed to call the API (the web app is served from the API's own origin)."
  default     = []
}

variable "api_scale" {
  type = object({
    min_replicas        = number
    max_replicas        = number
    concurrent_requests = number
    cpu                 = number
    memory              = string
  })
  description = "The api app: replicas, concurrent HTTP requests per replica that add one (HTTP scale rule), CPU cores and memory per replica."
  validation {
    condition     = var.api_scale.min_replicas >= 1 && var.api_scale.max_replicas >= var.api_scale.min_replicas
    error_message = "api_scale: min_replicas at least 1 (no cold start for users), max_replicas at least min_replicas."
  }
}

variable "worker_scale" {
  type = object({
    min_replicas = number
    max_replicas = number
    queue_length = number
    cpu          = number
    memory       = string
  })
  description = "The worker app: replicas, document-queue messages per replica that add one (KEDA azure-queue rule), CPU cores and memory per replica."
  validation {
    # Workers also run the periodic work (session sweep, save recovery, index clean-up, ramps): one must always run.
    condition     = var.worker_scale.min_replicas >= 1 && var.worker_scale.max_replicas >= var.worker_scale.min_replicas
    error_message = "worker_scale: min_replicas at least 1 (the periodic work runs on workers), max_replicas at least min_replicas."
  }
}
