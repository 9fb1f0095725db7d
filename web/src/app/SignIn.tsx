import { useState } from 'react';
import { signInAsStandInUser, standInUsers } from '../auth/dev-sign-in';
import type { SignedIn } from '../auth/token-store';
import { useAsync } from './use-async';
import { ProblemMessage } from '../components/ProblemMessage';

/** Embedded mode: choose which stand-in user to be (the dev issuer signs the token). */
export function DevSignIn({ onSignedIn }: { onSignedIn: (session: SignedIn) => void }) {
  const [users] = useAsync(() => standInUsers(), []);
  const [username, setUsername] = useState('');
  const [admin, setAdmin] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  if (users.state === 'loading') return <p aria-live="polite">Loading the stand-in's users…</p>;
  if (users.state === 'failed') return <ProblemMessage error={users.error} />;
  const chosen = users.value.find((user) => user.username === username) ?? users.value[0];
  return (
    <main className="sign-in" id="main">
      <h1>Sign in to Casework</h1>
      <p>This facade runs on embedded defaults: pick a user of the legacy CMS stand-in.</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          signInAsStandInUser(chosen, admin).then(onSignedIn, (failure: unknown) => setError(failure instanceof Error ? failure : new Error(String(failure))));
        }}
      >
        <label htmlFor="sign-in-user">User</label>
        <select id="sign-in-user" value={chosen.username} onChange={(event) => setUsername(event.target.value)}>
          {users.value.map((user) => (
            <option key={user.username} value={user.username}>
              {user.displayName} ({user.username}, {user.access})
            </option>
          ))}
        </select>
        <label className="checkbox">
          <input type="checkbox" checked={admin} onChange={(event) => setAdmin(event.target.checked)} /> Also a facade administrator (migration dashboard)
        </label>
        <button type="submit">Sign in</button>
      </form>
      {error !== null && <ProblemMessage error={error} />}
    </main>
  );
}
