# The apps' environment: every name is a key of src/config/app-config.ts's schema (test/infra checks it).
locals {
  port = 3000

  shared_env = {
    APP_ENV                   = "production"
    HOST                      = "0.0.0.0"
    PORT                      = tostring(local.port)
    LOG_LEVEL                 = var.log_level
    STATE_STORE               = "azure-table"
    BLOB_STORE                = "azure-blob"
    JOB_QUEUE                 = "azure-queue"
    SEARCH_INDEX              = "azure-search"
    AZURE_STORAGE_ACCOUNT_URL = var.storage_account_url
    AZURE_BLOB_CONTAINER      = var.blob_container_name
    AZURE_SEARCH_ENDPOINT     = var.search_endpoint
    AZURE_SEARCH_INDEX_NAME   = var.search_index_name
    AZURE_CLIENT_ID           = var.identity_client_id
    LEGACY_SOAP_URL           = var.legacy.soap_url
    LEGACY_GRAPHQL_URL        = var.legacy.graphql_url
    LEGACY_FILES_URL          = var.legacy.files_url
    AUTH_ISSUER               = var.auth.issuer
    AUTH_AUDIENCE             = var.auth.audience
    AUTH_JWKS_URL             = var.auth.jwks_url
    AUTH_USERNAME_CLAIM       = var.auth.username_claim
    CORS_ALLOWED_ORIGINS      = join(",", var.cors_allowed_origins)
  }

  # Set only when var.web_app is (null values are left out below).
  web_app_env = {
    WEB_APP_CLIENT_ID = try(var.web_app.client_id, null)
    WEB_APP_AUTHORITY = try(var.web_app.authority, null)
    WEB_APP_API_SCOPE = try(var.web_app.api_scope, null)
  }

  # Environment variable => Key Vault secret, read with the identity (never a value in the app's configuration).
  secret_env = {
    LEGACY_SERVICE_USERNAME = "legacy-service-username"
    LEGACY_SERVICE_PASSWORD = "legacy-service-password"
    REDACTION_LOG_HASH_KEY  = "redaction-log-hash-key"
    STRANGLER_RECORDING_KEY = "strangler-recording-key"
    AUDIT_QUERY_HASH_KEY    = "audit-query-hash-key"
  }

  api_env = {
    ROLE            = "api"
    WEB_APP_ENABLED = "true"
  }

  # The worker answers only /health/* and /metrics: it serves no web app.
  worker_env = {
    ROLE            = "worker"
    WEB_APP_ENABLED = "false"
  }

  api_plain_env    = { for name, value in merge(local.shared_env, local.web_app_env, local.api_env) : name => value if value != null }
  worker_plain_env = { for name, value in merge(local.shared_env, local.worker_env) : name => value if value != null }
}
