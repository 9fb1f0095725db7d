/** What the facade tells the app before sign-in (GET /web-app/settings.json, src/web-app/serve-web-app.ts). */
export type SignInSettings = { readonly mode: 'dev' } | { readonly mode: 'entra'; readonly clientId: string; readonly authority: string; readonly apiScope: string } | { readonly mode: 'none' };

export interface WebAppSettings {
  readonly signIn: SignInSettings;
  /** '' when the facade serves the app; else the facade's origin (the app hosted as static files elsewhere). */
  readonly apiOrigin: string;
}

export async function loadSettings(): Promise<WebAppSettings> {
  const response = await fetch('/web-app/settings.json');
  if (!response.ok) throw new Error(`The app's settings could not be loaded (HTTP ${response.status}).`);
  return (await response.json()) as WebAppSettings;
}
