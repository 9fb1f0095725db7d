import type { TokenCredential } from '@azure/identity';

/**
 * DefaultAzureCredential (the managed identity on Azure), of the user-assigned identity whose client id is given
 * (AZURE_CLIENT_ID) or else the system-assigned one. @azure/identity loads on first use: only keyless modes need it.
 */
export async function azureTokenCredential(managedIdentityClientId?: string): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential(managedIdentityClientId === undefined ? {} : { managedIdentityClientId });
}
