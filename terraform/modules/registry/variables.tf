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
  description = "Registry name (5-50 letters and digits, globally unique)."
}

variable "sku" {
  type        = string
  description = "Registry SKU (Basic, Standard, Premium)."
}

variable "principal_id" {
  type        = string
  description = "The apps' managed identity: pulls images."
}
