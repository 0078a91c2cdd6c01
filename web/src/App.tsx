// The shell: session check, top navigation and the page for the current route.
import { useEffect, useState } from 'preact/hooks';
import { auth } from './api/endpoints';
import { onUnauthorized } from './api/http';
import type { CurrentUser } from './api/types';
import { Toasts } from './components/Toasts';
import { AccountPage } from './pages/AccountPage';
import { AnalyticsPage } from './pages/AnalyticsPage';
import { DriftPage } from './pages/DriftPage';
import { RolloutPage } from './pages/RolloutPage';
import { BatchPage } from './pages/BatchPage';
import { InstancePage } from './pages/InstancePage';
import { InstancesPage } from './pages/InstancesPage';
import { MetricsPage } from './pages/MetricsPage';
import { NotFound } from './pages/NotFound';
import { PreflightPage } from './pages/PreflightPage';
import { ServerConsolePage, ServersPage } from './pages/ServersPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignInPage, type SignedOutReason } from './pages/SignInPage';
import { SitePage } from './pages/SitePage';
import { SitesPage } from './pages/SitesPage';
import { href, match, navigate, useRoute } from './router';

type Session = { state: 'checking' } | { state: 'signed-out'; reason?: SignedOutReason } | { state: 'signed-in'; user: CurrentUser };

export function App() {
  const [session, setSession] = useState<Session>({ state: 'checking' });
  const route = useRoute();

  useEffect(() => {
    auth
      .me()
      .then((user) => setSession(user ? { state: 'signed-in', user } : { state: 'signed-out' }))
      .catch(() => setSession({ state: 'signed-out' }));
    return onUnauthorized(() => setSession({ state: 'signed-out', reason: 'expired' }));
  }, []);

  if (session.state === 'checking') {
    return (
      <div class="center-screen" aria-busy="true">
        <p class="muted">Loading…</p>
      </div>
    );
  }
  if (session.state === 'signed-out') {
    return (
      <>
        <SignInPage reason={session.reason} onSignedIn={(user) => setSession({ state: 'signed-in', user })} />
        <Toasts />
      </>
    );
  }

  const signOut = async () => {
    try {
      await auth.signOut();
    } finally {
      setSession({ state: 'signed-out' });
    }
  };

  // The server has already ended every session (this one too) and cleared the cookie; signing in again starts at Sites.
  const signedOutEverywhere = () => {
    navigate('/', undefined, true);
    setSession({ state: 'signed-out', reason: 'everywhere' });
  };

  const section = route.path.split('/')[1] || 'sites';
  return (
    <div class="layout">
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href={href('/')}>
          <span class="brand-mark" aria-hidden="true">
            WF
          </span>
          <span>Website Factory</span>
        </a>
        <nav aria-label="Main">
          <ul class="nav">
            <NavItem to="/" label="Sites" active={section === 'sites' || section === 'batches'} />
            <NavItem to="/instances" label="Instances" active={section === 'instances'} />
            <NavItem to="/analytics" label="Analytics" active={section === 'analytics'} />
            <NavItem to="/metrics" label="Metrics" active={section === 'metrics'} />
            <NavItem to="/preflight" label="Pre-flight" active={section === 'preflight'} />
            <NavItem to="/servers" label="Servers" active={section === 'servers'} />
            <NavItem to="/drift" label="Drift" active={section === 'drift'} />
            <NavItem to="/rollout" label="Rollout" active={section === 'rollout'} />
            <NavItem to="/settings" label="Settings" active={section === 'settings'} />
          </ul>
        </nav>
        <div class="user">
          <a href={href('/account')} class={section === 'account' ? 'user-link active' : 'user-link'} aria-current={section === 'account' ? 'page' : undefined} title="Account and security: change password, sign out everywhere">
            <span class="sr-only">Account: </span>
            {session.user.name}
          </a>
          <button type="button" class="button button-small button-ghost" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page path={route.path} query={route.query} user={session.user} onSignedOutEverywhere={signedOutEverywhere} />
      </main>
      <Toasts />
    </div>
  );
}

function NavItem({ to, label, active }: { to: string; label: string; active: boolean }) {
  return (
    <li>
      <a href={href(to)} class={active ? 'nav-link active' : 'nav-link'} aria-current={active ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
}

function Page({ path, query, user, onSignedOutEverywhere }: { path: string; query: URLSearchParams; user: CurrentUser; onSignedOutEverywhere: () => void }) {
  let m: Record<string, string> | null;
  if (path === '/account') return <AccountPage user={user} onSignedOutEverywhere={onSignedOutEverywhere} />;
  if (path === '/' || path === '/sites') return <SitesPage query={query} />;
  if ((m = match('/sites/:domain', path))) return <SitePage domain={m.domain} />;
  if ((m = match('/batches/:id', path))) return <BatchPage id={m.id} />;
  if (path === '/instances') return <InstancesPage query={query} />;
  if ((m = match('/instances/:id', path))) return <InstancePage id={m.id} />;
  if (path === '/analytics') return <AnalyticsPage query={query} />;
  if (path === '/metrics') return <MetricsPage />;
  if (path === '/preflight') return <PreflightPage />;
  if (path === '/servers') return <ServersPage />;
  if ((m = match('/servers/:id', path))) return <ServerConsolePage id={m.id} />;
  if (path === '/rollout') return <RolloutPage query={query} />;
  if (path === '/drift') return <DriftPage canFix={(user.scopes ?? []).includes('admin')} />;
  if (path === '/settings') return <SettingsPage tab="cloudflare" />;
  if ((m = match('/settings/:tab', path))) return <SettingsPage tab={m.tab} />;
  return <NotFound />;
}
