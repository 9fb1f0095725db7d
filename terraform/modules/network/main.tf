locals {
  # Private DNS zones of the private endpoints, by the key other modules look them up with.
  private_dns_zones = {
    blob   = "privatelink.blob.core.windows.net"
    queue  = "privatelink.queue.core.windows.net"
    table  = "privatelink.table.core.windows.net"
    search = "privatelink.search.windows.net"
    vault  = "privatelink.vaultcore.azure.net"
  }
}

resource "azurerm_virtual_network" "this" {
  name                = "vnet-${var.name}"
  location            = var.location
  resource_group_name = var.resource_group_name
  address_space       = var.address_space
  tags                = var.tags
}

resource "azurerm_subnet" "container_apps" {
  name                 = "snet-container-apps"
  resource_group_name  = var.resource_group_name
  virtual_network_name = azurerm_virtual_network.this.name
  address_prefixes     = [var.container_apps_subnet_prefix]

  delegation {
    name = "container-apps"
    service_delegation {
      name    = "Microsoft.App/environments"
      actions = ["Microsoft.Network/virtualNetworks/subnets/join/action"]
    }
  }
}

resource "azurerm_subnet" "private_endpoints" {
  name                              = "snet-private-endpoints"
  resource_group_name               = var.resource_group_name
  virtual_network_name              = azurerm_virtual_network.this.name
  address_prefixes                  = [var.private_endpoints_subnet_prefix]
  private_endpoint_network_policies = "Enabled"
}

resource "azurerm_network_security_group" "container_apps" {
  name                = "nsg-${var.name}-container-apps"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

resource "azurerm_subnet_network_security_group_association" "container_apps" {
  subnet_id                 = azurerm_subnet.container_apps.id
  network_security_group_id = azurerm_network_security_group.container_apps.id
}

resource "azurerm_route_table" "container_apps" {
  count               = length(var.legacy_cms_address_prefixes) > 0 ? 1 : 0
  name                = "rt-${var.name}-legacy-cms"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags

  dynamic "route" {
    for_each = var.legacy_cms_address_prefixes
    content {
      name                   = "legacy-cms-${route.key}"
      address_prefix         = route.value
      next_hop_type          = var.legacy_cms_next_hop_ip == null ? "VirtualNetworkGateway" : "VirtualAppliance"
      next_hop_in_ip_address = var.legacy_cms_next_hop_ip
    }
  }
}

resource "azurerm_subnet_route_table_association" "container_apps" {
  count          = length(var.legacy_cms_address_prefixes) > 0 ? 1 : 0
  subnet_id      = azurerm_subnet.container_apps.id
  route_table_id = azurerm_route_table.container_apps[0].id
}

# This side of the peering; the legacy network's owner creates the other side (README.md).
resource "azurerm_virtual_network_peering" "to_legacy_cms" {
  count                     = var.legacy_cms_vnet_id == null ? 0 : 1
  name                      = "peer-${var.name}-to-legacy-cms"
  resource_group_name       = var.resource_group_name
  virtual_network_name      = azurerm_virtual_network.this.name
  remote_virtual_network_id = var.legacy_cms_vnet_id
  allow_forwarded_traffic   = true
}

resource "azurerm_private_dns_zone" "this" {
  for_each            = local.private_dns_zones
  name                = each.value
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "this" {
  for_each              = local.private_dns_zones
  name                  = "link-${each.key}"
  resource_group_name   = var.resource_group_name
  private_dns_zone_name = azurerm_private_dns_zone.this[each.key].name
  virtual_network_id    = azurerm_virtual_network.this.id
  registration_enabled  = false
  tags                  = var.tags
}
