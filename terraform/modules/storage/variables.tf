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

variable "account_name" {
  type        = string
  description = "Storage account name (3-24 lower-case letters and digits, globally unique)."
}

variable "replication_type" {
  type        = string
  description = "Replication: LRS, ZRS, GRS, GZRS."
}

variable "blob_delete_retention_days" {
  type        = number
  description = "Days deleted blobs are kept."
}

variable "container_delete_retention_days" {
  type        = number
  description = "Days deleted containers are kept."
}

variable "blob_container_name" {
  type        = string
  description = "The documents' container (AZURE_BLOB_CONTAINER)."
}

variable "private_endpoint_subnet_id" {
  type        = string
  description = "Subnet of the private endpoints."
}

variable "private_dns_zone_ids" {
  type        = map(string)
  description = "Private DNS zone ids by service (blob, queue, table used here)."
}

variable "log_analytics_workspace_id" {
  type        = string
  description = "Workspace the diagnostic settings send to."
}

variable "principal_id" {
  type        = string
  description = "The apps' managed identity: given blob, queue and table data access."
}
