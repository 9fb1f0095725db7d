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
  description = "Search service name (globally unique)."
}

variable "sku" {
  type        = string
  description = "Search SKU (basic or above)."
}

variable "replica_count" {
  type        = number
  description = "Replicas (query throughput, availability)."
}

variable "partition_count" {
  type        = number
  description = "Partitions (index size, indexing throughput)."
}

variable "index_name" {
  type        = string
  description = "Name of the lines index (AZURE_SEARCH_INDEX_NAME)."
}

variable "create_index" {
  type        = bool
  description = "Create or update the index from index-definition.json with az rest."
}

variable "deployer_ip_ranges" {
  type        = list(string)
  description = "Public IP ranges let through to the service (the machine running Terraform); empty: no public endpoint."
}

variable "deployer_principal_id" {
  type        = string
  description = "Object id of the principal running Terraform: may manage indexes (to create the index)."
}

variable "private_endpoint_subnet_id" {
  type        = string
  description = "Subnet of the private endpoint."
}

variable "private_dns_zone_id" {
  type        = string
  description = "The privatelink.search.windows.net zone."
}

variable "log_analytics_workspace_id" {
  type        = string
  description = "Workspace the diagnostic settings send to."
}

variable "principal_id" {
  type        = string
  description = "The apps' managed identity: reads and writes documents and creates the index on first use."
}
