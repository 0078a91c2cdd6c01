// Create / edit a site, and import many from CSV or JSON.
import { useState } from 'preact/hooks';
import { cloudflareAccounts, gscAccounts, registrarAccounts, servers, sites as sitesApi } from '../api/endpoints';
import { ApiError, errorText } from '../api/http';
import type { Site, SiteInput } from '../api/types';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { toast } from '../components/Toasts';
import { useAsync } from '../hooks';

interface Choices {
  cloudflare: { value: string; label: string }[];
  registrar: { value: string; label: string }[];
  server: { value: string; label: string }[];
  gsc: { value: string; label: string }[];
}

const none = { value: '', label: '— none —' };

function useChoices(open: boolean) {
  return useAsync<Choices | undefined>(
    async (signal) => {
      if (!open) return undefined;
      const [cf, reg, srv, gsc] = await Promise.all([
        cloudflareAccounts.list(signal).catch(() => []),
        registrarAccounts.list(signal).catch(() => []),
        servers.list(signal).catch(() => []),
        gscAccounts.list(signal).catch(() => []),
      ]);
      return {
        cloudflare: [none, ...cf.map((a) => ({ value: a.id, label: `${a.account_nickname} (${a.email})` }))],
        registrar: [none, ...reg.map((a) => ({ value: a.id, label: `${a.account_nickname} (${a.provider})` }))],
        server: [none, ...srv.map((s) => ({ value: s.id, label: `${s.name} (${s.address})` }))],
        gsc: [none, ...gsc.map((a) => ({ value: a.id, label: `${a.account_nickname} (${a.email})` }))],
      };
    },
    [open],
  );
}

export function AddSiteDialog({ open, onClose, onSaved, site }: { open: boolean; onClose: () => void; onSaved: (site: Site) => void; site?: Site }) {
  return (
    <Dialog title={site ? `Edit ${site.domain}` : 'Add site'} open={open} onClose={onClose}>
      <SiteForm site={site} onClose={onClose} onSaved={onSaved} open={open} />
    </Dialog>
  );
}

function SiteForm({ site, onClose, onSaved, open }: { site?: Site; onClose: () => void; onSaved: (site: Site) => void; open: boolean }) {
  const choices = useChoices(open);
  const [form, setForm] = useState({
    domain: site?.domain ?? '',
    brand: site?.brand ?? '',
    niche: site?.niche ?? '',
    language: site?.language ?? 'en',
    cloudflare_account_id: site?.cloudflare_account_id ?? '',
    registrar_account_id: site?.registrar_account_id ?? '',
    server_id: site?.server_id ?? '',
    gsc_account_id: site?.gsc_account_id ?? '',
  });
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });
  const fieldError = (name: string) => (error instanceof ApiError ? error.fieldMessage(name) : undefined);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const body: SiteInput = {
      brand: form.brand || null,
      niche: form.niche || null,
      language: form.language || 'en',
      cloudflare_account_id: form.cloudflare_account_id || null,
      registrar_account_id: form.registrar_account_id || null,
      server_id: form.server_id || null,
      gsc_account_id: form.gsc_account_id || null,
    };
    try {
      const saved = site ? await sitesApi.update(site.domain, body) : await sitesApi.create({ ...body, domain: form.domain.trim() });
      toast(site ? `Saved ${site.domain}.` : `Added ${saved?.domain ?? form.domain}.`, 'ok');
      onSaved(saved);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  const c = choices.data;
  return (
    <form onSubmit={submit} aria-label={site ? 'Edit site' : 'Add site'}>
      <div class="dialog-body form-grid">
        {site ? null : <Field label="Domain" name="domain" value={form.domain} onInput={set('domain')} required placeholder="example.com" error={fieldError('domain')} autoFocus />}
        <Field label="Brand" name="brand" value={form.brand} onInput={set('brand')} error={fieldError('brand')} />
        <Field label="Niche / topic" name="niche" value={form.niche} onInput={set('niche')} error={fieldError('niche')} />
        <Field label="Language" name="language" value={form.language} onInput={set('language')} hint="BCP 47 tag, e.g. en or pt-BR" error={fieldError('language')} />
        <Field label="Cloudflare account" name="cloudflare_account_id" value={form.cloudflare_account_id} onInput={set('cloudflare_account_id')} options={c?.cloudflare ?? [none]} error={fieldError('cloudflare_account_id')} />
        <Field label="Registrar account" name="registrar_account_id" value={form.registrar_account_id} onInput={set('registrar_account_id')} options={c?.registrar ?? [none]} error={fieldError('registrar_account_id')} />
        <Field label="Server" name="server_id" value={form.server_id} onInput={set('server_id')} options={c?.server ?? [none]} error={fieldError('server_id')} />
        <Field label="Search Console account" name="gsc_account_id" value={form.gsc_account_id} onInput={set('gsc_account_id')} options={c?.gsc ?? [none]} error={fieldError('gsc_account_id')} />
        {error ? (
          <p class="notice notice-error span-2" role="alert">
            {errorText(error)}
          </p>
        ) : null}
      </div>
      <footer class="dialog-footer">
        <button type="button" class="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : site ? 'Save' : 'Add site'}
        </button>
      </footer>
    </form>
  );
}

const csvExample = 'domain,brand,niche,language\nexample.com,Example,gardening,en';

export function ImportDialog({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: () => void }) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const readFile = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    const trimmed = text.trim();
    const type = trimmed.startsWith('[') || trimmed.startsWith('{') ? 'application/json' : 'text/csv';
    try {
      const r = await sitesApi.import(trimmed, type);
      setResult(describeImport(r));
      onImported();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Import sites" open={open} onClose={onClose} wide>
      <form onSubmit={submit} aria-label="Import sites">
        <div class="dialog-body">
          <p class="muted">
            Paste CSV with a header row — <code>domain</code> and optionally <code>brand</code>, <code>niche</code>, <code>language</code>, <code>cloudflare_account</code>,{' '}
            <code>registrar_account</code>, <code>server</code>, <code>gsc_account</code> (by nickname or name) — or a JSON array of objects with the same fields. Nothing is
            written if any row is invalid.
          </p>
          <div class="field">
            <label for="import-file">File</label>
            <input id="import-file" type="file" accept=".csv,.json,text/csv,application/json" onChange={(e) => readFile((e.target as HTMLInputElement).files?.[0])} />
          </div>
          <div class="field">
            <label for="import-text">Rows</label>
            <textarea id="import-text" rows={10} value={text} placeholder={csvExample} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} spellcheck={false} />
          </div>
          {error ? (
            <p class="notice notice-error" role="alert">
              {error}
            </p>
          ) : null}
          {result ? (
            <p class="notice notice-ok" role="status">
              {result}
            </p>
          ) : null}
        </div>
        <footer class="dialog-footer">
          <button type="button" class="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" class="button button-primary" disabled={busy || !text.trim()}>
            {busy ? 'Importing…' : 'Import'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

function describeImport(r: unknown): string {
  if (r && typeof r === 'object') {
    const o = r as Record<string, unknown>;
    const created = o.created ?? (Array.isArray(o.sites) ? o.sites.length : undefined);
    if (created !== undefined) return `Imported ${String(created)} site${created === 1 ? '' : 's'}.`;
  }
  return 'Import done.';
}

/** Teardown asks for the domain to be typed: it deletes the site at every vendor and cannot be undone. */
export function TeardownDialog({ open, domain, busy, onConfirm, onClose }: { open: boolean; domain: string; busy?: boolean; onConfirm: () => void; onClose: () => void }) {
  const [typed, setTyped] = useState('');
  const matches = typed.trim().toLowerCase() === domain.toLowerCase();
  const close = () => {
    setTyped('');
    onClose();
  };
  return (
    <Dialog title={`Tear down ${domain}?`} open={open} onClose={close}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (matches) onConfirm();
        }}
      >
        <div class="dialog-body">
          <p>
            This deletes the Cloudflare zone and its records, the CloudPanel site (its releases and certificate with it) and the Matomo site. The registrar's nameservers
            are left as they are. The site stays in the list as deleted, with every step in its timeline. This cannot be undone.
          </p>
          <Field label={`Type ${domain} to confirm`} name="confirm_domain" value={typed} onInput={(v: string) => setTyped(v)} autoFocus />
        </div>
        <footer class="dialog-footer">
          <button type="button" class="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" class="button button-danger" disabled={busy || !matches}>
            Tear down
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
