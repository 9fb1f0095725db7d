# No ingress: the worker takes no traffic; its probes still reach /health/* on the container's port.
resource "azurerm_container_app" "worker" {
  name                         = "ca-${var.name}-worker"
  resource_group_name          = var.resource_group_name
  container_app_environment_id = azurerm_container_app_environment.this.id
  revision_mode                = "Single"
  workload_profile_name        = "Consumption"
  tags                         = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [var.identity_id]
  }

  registry {
    server   = var.registry_server
    identity = var.identity_id
  }

  dynamic "secret" {
    for_each = local.secret_env
    content {
      name                = secret.value
      key_vault_secret_id = var.key_vault_secret_ids[secret.value]
      identity            = var.identity_id
    }
  }

  template {
    min_replicas = var.worker_scale.min_replicas
    max_replicas = var.worker_scale.max_replicas

    # KEDA reads the queue lengths with the managed identity (Storage Queue Data Contributor): no connection string.
    custom_scale_rule {
      name             = "document-queue"
      custom_rule_type = "azure-queue"
      identity_id      = var.identity_id
      metadata = {
        accountName = var.storage_account_name
        queueName   = var.document_queue_name
        queueLength = tostring(var.worker_scale.queue_length)
      }
    }

    custom_scale_rule {
      name             = "redaction-plan-queue"
      custom_rule_type = "azure-queue"
      identity_id      = var.identity_id
      metadata = {
        accountName = var.storage_account_name
        queueName   = var.redaction_plan_queue_name
        queueLength = "1"
      }
    }

    container {
      name   = "facade"
      image  = var.image
      cpu    = var.worker_scale.cpu
      memory = var.worker_scale.memory

      dynamic "env" {
        for_each = local.worker_plain_env
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = local.secret_env
        content {
          name        = env.key
          secret_name = env.value
        }
      }

      # Up to ~2 minutes to start (Container Apps caps the threshold at 10).
      startup_probe {
        transport               = "HTTP"
        port                    = local.port
        path                    = "/health/live"
        initial_delay           = 10
        interval_seconds        = 10
        failure_count_threshold = 10
      }

      liveness_probe {
        transport               = "HTTP"
        port                    = local.port
        path                    = "/health/live"
        interval_seconds        = 10
        failure_count_threshold = 3
      }

      readiness_probe {
        transport               = "HTTP"
        port                    = local.port
        path                    = "/health/ready"
        interval_seconds        = 10
        failure_count_threshold = 3
      }
    }
  }
}
