// Account and security: who is signed in, change password (local users), sign out everywhere. Sessions are checked on
// the server on every request, so ending one takes effect at once, for saved copies of the cookie too.
import { useState } from 'preact/hooks';
import { auth } from '../api/endpoints';
import { ApiError, errorText } from '../api/http';
import type { CurrentUser } from '../api/types';
import { ConfirmDialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { toast } from '../components/Toasts';

/** The server's rules for a new password (POST /api/auth/password), checked here first. */
export const passwordRules = { min: 12, max: 1000 };

const methodLabels: Record<string, string> = {
  cookie: 'user name and password',
  oidc: 'OpenID Connect (Entra ID)',
  api_key: 'API key',
  app_service: 'App Service authentication',
};

export function AccountPage({ user, onSignedOutEverywhere }: { user: CurrentUser; onSignedOutEverywhere: () => void }) {
  const method = user.method ?? 'cookie';
  return (
    <section class="page page-narrow" aria-labelledby="account-title">
      <div class="page-header">
        <div>
          <h1 id="account-title">Account and security</h1>
          <p class="muted">
            Signed in as <strong>{user.name}</strong> with {methodLabels[method] ?? method}
            {user.scopes?.length ? ` (scopes: ${user.scopes.join(', ')})` : ''}.
          </p>
        </div>
      </div>
      {method === 'cookie' ? (
        <ChangePasswordCard userName={user.name} />
      ) : (
        <section class="card" aria-labelledby="password-title">
          <h2 id="password-title">Password</h2>
          <p class="muted">
            You signed in with {methodLabels[method] ?? method}; its password is managed there, not here.
          </p>
        </section>
      )}
      <SignOutEverywhereCard userName={user.name} onDone={onSignedOutEverywhere} />
    </section>
  );
}

type Errors = Partial<Record<'current_password' | 'new_password' | 'confirm_password', string>>;

/** The same checks as the server, so most mistakes are caught before a request (the server still decides). */
function check(current: string, next: string, confirm: string): Errors {
  const errors: Errors = {};
  if (!current) errors.current_password = 'Enter your current password.';
  else if (current.length > passwordRules.max) errors.current_password = `At most ${passwordRules.max} characters.`;
  if (next.length < passwordRules.min || next.length > passwordRules.max) errors.new_password = `The new password must have ${passwordRules.min} to ${passwordRules.max} characters.`;
  else if (next === current) errors.new_password = 'The new password must differ from the current one.';
  if (confirm !== next) errors.confirm_password = 'The passwords do not match.';
  return errors;
}

function ChangePasswordCard({ userName }: { userName: string }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<unknown>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(false);
    setProblem(undefined);
    const found = check(current, next, confirm);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      const first = (Object.keys(found) as (keyof Errors)[])[0];
      document.getElementById(`field-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await auth.changePassword(current, next);
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
      toast('Password changed. Every other session was signed out.', 'ok');
    } catch (err) {
      setProblem(err);
      if (err instanceof ApiError) {
        setErrors({ current_password: err.fieldMessage('current_password'), new_password: err.fieldMessage('new_password') });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="password-title">
      <h2 id="password-title">Change password</h2>
      <p class="muted">
        Changing the password signs out every other session of <strong>{userName}</strong> at once: other browsers and
        devices, and any saved copy of their session cookie. This browser stays signed in.
      </p>
      {done ? (
        <p class="notice notice-ok" role="status">
          Password changed. Every other session of {userName} has been signed out; this one stays signed in. Use the new
          password from now on.
        </p>
      ) : null}
      <form onSubmit={submit} aria-label="Change password" noValidate>
        {/* For password managers: which account the new password belongs to. */}
        <input type="text" name="username" autoComplete="username" value={userName} readOnly hidden />
        <Field label="Current password" name="current_password" type="password" value={current} onInput={setCurrent} required autoComplete="current-password" error={errors.current_password} />
        <Field
          label="New password"
          name="new_password"
          type="password"
          value={next}
          onInput={setNext}
          required
          autoComplete="new-password"
          hint={`${passwordRules.min} to ${passwordRules.max} characters, different from the current one.`}
          error={errors.new_password}
        />
        <Field label="Confirm new password" name="confirm_password" type="password" value={confirm} onInput={setConfirm} required autoComplete="new-password" error={errors.confirm_password} />
        {problem ? (
          <p class="notice notice-error" role="alert">
            {errorText(problem)}
          </p>
        ) : null}
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}

function SignOutEverywhereCard({ userName, onDone }: { userName: string; onDone: () => void }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    setBusy(true);
    try {
      await auth.signOutEverywhere();
      setAsking(false);
      onDone();
    } catch (err) {
      toast(`Could not sign out everywhere: ${errorText(err)}`, 'error');
      setBusy(false);
      setAsking(false);
    }
  };

  return (
    <section class="card" aria-labelledby="everywhere-title">
      <h2 id="everywhere-title">Sign out everywhere</h2>
      <p class="muted">
        Ends every session of <strong>{userName}</strong> at once, this one included: other browsers and devices and any
        saved copy of a session cookie stop working on their next request. API keys are not affected.
      </p>
      <button type="button" class="button button-danger-outline" onClick={() => setAsking(true)}>
        Sign out everywhere…
      </button>
      <ConfirmDialog
        open={asking}
        title="Sign out everywhere?"
        message={`Every session of ${userName} ends now, including this one; you will be back on the sign-in page.`}
        confirmLabel="Sign out everywhere"
        busy={busy}
        onConfirm={confirm}
        onClose={() => setAsking(false)}
      />
    </section>
  );
}
