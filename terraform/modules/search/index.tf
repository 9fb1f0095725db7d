# The index, from index-definition.json: the request body the app's own search SDK sends for the definition in
# src/search/azure-search-index.definition.ts, written by `npm run terraform:index` (ADR 0037). azurerm has no
# index resource; az rest PUTs it with the deployer's Entra ID token whenever the file, the service or the name change.
locals {
  index_definition = jsondecode(file("${path.module}/index-definition.json"))
  index_body       = jsonencode(merge(local.index_definition.index, { name = var.index_name }))
}

resource "terraform_data" "index" {
  count = var.create_index ? 1 : 0

  triggers_replace = [
    filesha256("${path.module}/index-definition.json"),
    azurerm_search_service.this.id,
    var.index_name,
  ]

  provisioner "local-exec" {
    interpreter = ["/bin/bash", "-c"]
    command     = "az rest --method put --resource https://search.azure.com --url \"$SEARCH_ENDPOINT/indexes('$INDEX_NAME')?api-version=$API_VERSION\" --headers Content-Type=application/json --body \"$INDEX_BODY\" --output none"
    environment = {
      SEARCH_ENDPOINT = "https://${azurerm_search_service.this.name}.search.windows.net"
      INDEX_NAME      = var.index_name
      API_VERSION     = local.index_definition.apiVersion
      INDEX_BODY      = local.index_body
    }
  }

  depends_on = [azurerm_role_assignment.deployer, azurerm_private_endpoint.this]
}
