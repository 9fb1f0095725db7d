import type { SignInSettings } from './settings';
import { rolesOf, type SignedIn } from './token-store';

type EntraSettings = Extract<SignInSettings, { mode: 'entra' }>;

/**
 * Entra ID sign-in with MSAL (redirect flow), loaded only when configured so that embedded mode never ships it.
 * Returns the session once signed in; otherwise starts the redirect and never resolves.
 */
export async function signInWithEntra(settings: EntraSettings): Promise<SignedIn> {
  const { PublicClientApplication, InteractionRequiredAuthError } = await import('@azure/msal-browser');
  const msal = new PublicClientApplication({
    auth: { clientId: settings.clientId, authority: settings.authority, redirectUri: window.location.origin + '/' },
    cache: { cacheLocation: 'sessionStorage' },
  });
  await msal.initialize();
  const redirected = await msal.handleRedirectPromise();
  const account = redirected?.account ?? msal.getAllAccounts()[0];
  const scopes = [settings.apiScope];
  if (account === undefined) {
    await msal.loginRedirect({ scopes });
    return new Promise<never>(() => undefined);
  }
  try {
    const result = await msal.acquireTokenSilent({ account, scopes });
    return { username: account.username, displayName: account.name ?? account.username, accessToken: result.accessToken, expiresAt: result.expiresOn?.getTime() ?? Date.now() + 300_000, roles: rolesOf(result.accessToken) };
  } catch (error) {
    if (error instanceof InteractionRequiredAuthError) {
      await msal.acquireTokenRedirect({ account, scopes });
      return new Promise<never>(() => undefined);
    }
    throw error;
  }
}
