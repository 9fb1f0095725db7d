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
  description = "Base name of the resources."
}

variable "address_space" {
  type        = list(string)
  description = "Address space of the virtual network."
}

variable "container_apps_subnet_prefix" {
  type        = string
  description = "Prefix of the Container Apps environment's subnet."
}

variable "private_endpoints_subnet_prefix" {
  type        = string
  description = "Prefix of the private endpoints' subnet."
}

variable "legacy_cms_vnet_id" {
  type        = string
  description = "Legacy CMS virtual network to peer with, or null."
}

variable "legacy_cms_address_prefixes" {
  type        = list(string)
  description = "Address prefixes of the legacy CMS to route."
}

variable "legacy_cms_next_hop_ip" {
  type        = string
  description = "Appliance IP the legacy prefixes go through, or null for the virtual network gateway."
}
