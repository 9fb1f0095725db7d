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
  description = "Key Vault name (3-24 characters, globally unique)."
}

variable "tenant_id" {
  type        = string
  description = "Entra ID tenant of the vault."
}

variable "soft_delete_retention_days" {
  type        = number
  description = "Days deleted secrets and the vault itself can be recovered."
}

variable "deployer_ip_ranges" {
  type        = list(string)
  description = "Public IP ranges let through to the vault (the machine running Terraform); empty: no public endpoint."
}

variable "deployer_principal_id" {
  type        = string
  description = "Object id of the principal running Terraform: writes the secrets."
}

variable "private_endpoint_subnet_id" {
  type        = string
  description = "Subnet of the private endpoint."
}

variable "private_dns_zone_id" {
  type        = string
  description = "The privatelink.vaultcore.azure.net zone."
}

variable "log_analytics_workspace_id" {
  type        = string
  description = "Workspace the diagnostic settings send to."
}

variable "principal_id" {
  type        = string
  description = "The apps' managed identity: reads the secrets."
}

variable "secrets" {
  type        = map(string)
  description = "Secret name => value; values come from sensitive root variables, never from files in the repository."
  sensitive   = true
}
