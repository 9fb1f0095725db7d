provider "azurerm" {
  subscription_id = var.subscription_id
  # The storage account refuses shared keys and has no public endpoint: containers and queues are managed
  # through Azure Resource Manager (storage_account_id), tables through azapi, never the data plane.
  storage_use_azuread = true

  features {
    key_vault {
      purge_soft_delete_on_destroy = false
    }
    resource_group {
      prevent_deletion_if_contains_resources = true
    }
    storage {
      data_plane_available = false
    }
  }
}

provider "azapi" {
  subscription_id = var.subscription_id
}
