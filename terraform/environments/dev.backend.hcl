# terraform init -backend-config=environments/dev.backend.hcl
# The state's storage account is made once by hand (README.md); access by Entra ID, no account key.
resource_group_name  = "rg-casework-tfstate"
storage_account_name = "stcaseworktfstate"
container_name       = "tfstate"
key                  = "casework-facade/dev.tfstate"
use_azuread_auth     = true
