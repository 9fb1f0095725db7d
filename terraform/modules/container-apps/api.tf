resource "azurerm_container_app" "api" {
  name                         = "ca-${var.name}-api"
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

  ingress {
    external_enabled = true
    target_port      = local.port
    transport        = "auto"

    traffic_weight {
      latest_revision = true
      percentage      = 100
    }
  }

  template {
    min_replicas = var.api_scale.min_replicas
    max_replicas = var.api_scale.max_replicas

    http_scale_rule {
      name                = "http-concurrency"
      concurrent_requests = tostring(var.api_scale.concurrent_requests)
    }

    container {
      name   = "facade"
      image  = var.image
      cpu    = var.api_scale.cpu
      memory = var.api_scale.memory

      dynamic "env" {
        for_each = local.api_plain_env
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
