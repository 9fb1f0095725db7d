import { useEffect, useState } from 'react';
import { configureApiOrigin } from '../api/client';
import { signInWithEntra } from '../auth/entra-sign-in';
import { loadSettings } from '../auth/settings';
import { currentSession, storeSession, type SignedIn } from '../auth/token-store';
import { ProblemMessage } from '../components/ProblemMessage';
import { DevSignIn } from './SignIn';
import { Screen } from './Screen';
import { useAsync } from './use-async';

export function App() {
  const [settings] = useAsync(
    () =>
      loadSettings().then((loaded) => {
        configureApiOrigin(loaded.apiOrigin);
        return loaded;
      }),
    [],
  );
  const [session, setSession] = useState<SignedIn | null>(currentSession);
  const [entraError, setEntraError] = useState<Error | null>(null);
  const signedIn = (next: SignedIn | null) => {
    storeSession(next);
    setSession(next);
  };
  useEffect(() => {
    if (settings.state !== 'ready' || session !== null || settings.value.signIn.mode !== 'entra') return;
    signInWithEntra(settings.value.signIn).then(signedIn, (error: unknown) => setEntraError(error instanceof Error ? error : new Error(String(error))));
  }, [settings, session]);

  if (settings.state === 'loading') return <p aria-live="polite">Loading…</p>;
  if (settings.state === 'failed') return <ProblemMessage error={settings.error} />;
  if (session === null) {
    if (settings.value.signIn.mode === 'dev') return <DevSignIn onSignedIn={signedIn} />;
    if (settings.value.signIn.mode === 'none') return <ProblemMessage error={new Error('Sign-in is not configured for this app: set WEB_APP_CLIENT_ID, WEB_APP_AUTHORITY and WEB_APP_API_SCOPE.')} />;
    return entraError === null ? <p aria-live="polite">Signing in with Microsoft Entra ID…</p> : <ProblemMessage error={entraError} />;
  }
  return <Screen session={session} onSignOut={() => signedIn(null)} />;
}
