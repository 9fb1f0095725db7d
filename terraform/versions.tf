terraform {
  required_version = ">= 1.6.0"

  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
      # 4.x from the release that accepts a managed identity on a custom (KEDA) scale rule.
      version = "~> 4.75"
    }
    azapi = {
      source  = "azure/azapi"
      version = "~> 2.4"
    }
  }

  # Partial configuration: the state's storage account comes from environments/<env>.backend.hcl at init
  # (terraform init -backend-config=environments/dev.backend.hcl); see README.md.
  backend "azurerm" {}
}
