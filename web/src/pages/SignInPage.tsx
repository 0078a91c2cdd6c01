import { useState } from 'preact/hooks';
import { auth } from '../api/endpoints';
import { ApiError, errorText } from '../api/http';
import type { CurrentUser } from '../api/types';
import { Field } from '../components/Field';

/** Why the sign-in page is shown: the session ended on the server, or the user signed out everywhere. */
export type SignedOutReason = 'expired' | 'everywhere';

export function SignInPage({ onSignedIn, reason }: { onSignedIn: (user: CurrentUser) => void; reason?: SignedOutReason }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const user = await auth.signIn(username, password);
      onSignedIn(user ?? { name: username });
    } catch (err) {
      setError(err instanceof ApiError && (err.status === 401 || err.status === 400) ? 'Wrong user name or password.' : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="center-screen signin-screen">
      <main class="card signin-card">
        <div class="signin-brand">
          <span class="brand-mark" aria-hidden="true">
            WF
          </span>
          <h1>Website Factory</h1>
        </div>
        <p class="muted">Sign in to manage sites, accounts and provisioning.</p>
        {reason === 'expired' ? (
          <p class="notice notice-info" role="status">
            Your session ended. Please sign in again.
          </p>
        ) : null}
        {reason === 'everywhere' ? (
          <p class="notice notice-ok" role="status">
            You were signed out everywhere: every session of your account has ended, in this browser and all others.
          </p>
        ) : null}
        <form onSubmit={submit} aria-label="Sign in">
          <Field label="User name" name="username" value={username} onInput={setUsername} required autoComplete="username" autoFocus />
          <Field label="Password" name="password" type="password" value={password} onInput={setPassword} required autoComplete="current-password" />
          {error ? (
            <p class="notice notice-error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" class="button button-primary button-block" disabled={busy || !username || !password}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </main>
    </div>
  );
}
