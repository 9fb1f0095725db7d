variable "location" {
  type        = string
  description = "Azure region."
}

variable "resource_group_name" {
  type        = string
  description = "Resource group to create the resources in."
}

variable "tags" {
  type        = map(string)
  description = "Tags of every resource."
}

variable "name" {
  type        = string
  description = "Base name of the environment and the apps."
}

variable "infrastructure_subnet_id" {
  type        = string
  description = "Subnet the environment runs in (delegated to Microsoft.App/environments)."
}

variable "log_analytics_workspace_id" {
  type        = string
  description = "Workspace the environment's diagnostic setting sends the apps' console and system logs and metrics to."
}

variable "identity_id" {
  type        = string
  description = "Resource id of the apps' user-assigned managed identity."
}

variable "identity_client_id" {
  type        = string
  description = "Client id of that identity (AZURE_CLIENT_ID, picked by DefaultAzureCredential)."
}

variable "registry_server" {
  type        = string
  description = "Login server of the registry the image is pulled from with the identity."
}

variable "image" {
  type        = string
  description = "The facade's image: both apps run it."
}

variable "storage_account_name" {
  type        = string
  description = "Storage account whose queue the worker scales on."
}

variable "storage_account_url" {
  type        = string
  description = "AZURE_STORAGE_ACCOUNT_URL."
}

variable "blob_container_name" {
  type        = string
  description = "AZURE_BLOB_CONTAINER."
}

variable "document_queue_name" {
  type        = string
  description = "The document ingestion queue (KEDA azure-queue rule)."
}

variable "redaction_plan_queue_name" {
  type        = string
  description = "The redaction plan queue (KEDA azure-queue rule)."
}

variable "search_endpoint" {
  type        = string
  description = "AZURE_SEARCH_ENDPOINT."
}

variable "search_index_name" {
  type        = string
  description = "AZURE_SEARCH_INDEX_NAME."
}

variable "key_vault_secret_ids" {
  type        = map(string)
  description = "Key Vault secret name => versionless id."
}

variable "legacy" {
  type = object({
    soap_url    = string
    graphql_url = string
    files_url   = string
  })
  description = "The legacy CMS's endpoints."
}

variable "auth" {
  type = object({
    issuer         = string
    audience       = string
    jwks_url       = string
    username_claim = string
  })
  description = "The identity provider."
}

variable "web_app" {
  type = object({
    client_id = string
    authority = string
    api_scope = string
  })
  description = "The web app's sign-in, or null."
}

variable "cors_allowed_origins" {
  type        = list(string)
  description = "CORS_ALLOWED_ORIGINS."
}

variable "log_level" {
  type        = string
  description = "LOG_LEVEL."
}

variable "api_scale" {
  type = object({
    min_replicas        = number
    max_replicas        = number
    concurrent_requests = number
    cpu                 = number
    memory              = string
  })
  description = "Replicas, HTTP scale rule and size of the api app."
}

variable "worker_scale" {
  type = object({
    min_replicas = number
    max_replicas = number
    queue_length = number
    cpu          = number
    memory       = string
  })
  description = "Replicas, queue scale rule and size of the worker app."
}
