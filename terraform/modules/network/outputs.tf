output "virtual_network_id" {
  description = "Resource id of the virtual network."
  value       = azurerm_virtual_network.this.id
}

output "container_apps_subnet_id" {
  description = "Subnet of the Container Apps environment."
  value       = azurerm_subnet.container_apps.id
}

output "private_endpoints_subnet_id" {
  description = "Subnet of the private endpoints."
  value       = azurerm_subnet.private_endpoints.id
}

output "private_dns_zone_ids" {
  description = "Private DNS zone ids by service: blob, queue, table, search, vault."
  value       = { for key, zone in azurerm_private_dns_zone.this : key => zone.id }
}
