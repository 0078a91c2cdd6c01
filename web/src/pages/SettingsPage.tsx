// Accounts and servers: list, add, edit, delete. Secret fields are write-only: the server stores their values in the
// secret store and never returns them, so the form shows only whether one is set and leaves it alone when blank.
import { useState } from 'preact/hooks';
import { cloudflareAccounts, gscAccounts, registrarAccounts, servers } from '../api/endpoints';
import { ApiError, errorText } from '../api/http';
import { ConfirmDialog, Dialog } from '../components/Dialog';
import { EmptyRow } from '../components/EmptyRow';
import { Field } from '../components/Field';
import { LoadError } from '../components/LoadError';
import { toast } from '../components/Toasts';
import { formatDateTime } from '../format';
import { useAsync } from '../hooks';
import { href } from '../router';

interface FieldSpec {
  name: string;
  label: string;
  kind?: 'text' | 'secret' | 'secret-multiline' | 'number' | 'select';
  required?: boolean;
  /** Required on create only (secrets: keep the stored value on edit when blank). */
  requiredOnCreate?: boolean;
  hint?: string;
  placeholder?: string;
  options?: { value: string; label: string }[];
  /** Shown only when this predicate holds for the current form values. */
  when?: (form: Record<string, string>) => boolean;
  /** Column in the list. */
  column?: boolean;
  /** Secrets: the response field holding the secret's name (default `${name}_secret_name`). */
  secretNameField?: string;
}

interface Resource {
  id: string;
  title: string;
  singular: string;
  api: {
    list: (signal?: AbortSignal) => Promise<object[]>;
    create: (body: Record<string, unknown>) => Promise<unknown>;
    update: (id: string, body: Record<string, unknown>) => Promise<unknown>;
    remove: (id: string) => Promise<unknown>;
  };
  fields: FieldSpec[];
  label: (item: Record<string, unknown>) => string;
}

const resources: Resource[] = [
  {
    id: 'cloudflare',
    title: 'Cloudflare accounts',
    singular: 'Cloudflare account',
    api: cloudflareAccounts,
    label: (i) => String(i.account_nickname),
    fields: [
      { name: 'account_nickname', label: 'Nickname', required: true, column: true, placeholder: 'cf-01' },
      { name: 'email', label: 'Email', required: true, column: true },
      { name: 'cloudflare_account_id', label: 'Cloudflare account id', required: true, column: true, hint: '32 lower-case hex characters', placeholder: '0123456789abcdef0123456789abcdef' },
      { name: 'api_token', label: 'API token', kind: 'secret', requiredOnCreate: true, hint: 'Zone:Edit and DNS:Edit. Stored in the secret store; never shown again.' },
    ],
  },
  {
    id: 'registrars',
    title: 'Registrar accounts',
    singular: 'registrar account',
    api: registrarAccounts,
    label: (i) => String(i.account_nickname),
    fields: [
      { name: 'account_nickname', label: 'Nickname', required: true, column: true },
      {
        name: 'provider',
        label: 'Registrar',
        kind: 'select',
        required: true,
        column: true,
        options: [
          { value: 'namecheap', label: 'Namecheap' },
          { value: 'spaceship', label: 'Spaceship' },
        ],
      },
      { name: 'api_user', label: 'API user', column: true, when: (f) => f.provider === 'namecheap' },
      { name: 'client_ip', label: 'Client IP (whitelisted IPv4)', column: true, when: (f) => f.provider === 'namecheap' },
      { name: 'api_key', label: 'API key', kind: 'secret', requiredOnCreate: true, hint: 'Stored in the secret store; never shown again.' },
      { name: 'api_secret', label: 'API secret', kind: 'secret', when: (f) => f.provider === 'spaceship', hint: 'Spaceship only.' },
    ],
  },
  {
    id: 'gsc',
    title: 'Search Console accounts',
    singular: 'Search Console account',
    api: gscAccounts,
    label: (i) => String(i.account_nickname),
    fields: [
      { name: 'account_nickname', label: 'Nickname', required: true, column: true },
      { name: 'email', label: 'Google account email', required: true, column: true },
      { name: 'oauth_client_id', label: 'OAuth client id', column: true },
      { name: 'oauth_client_secret', label: 'OAuth client secret', kind: 'secret', secretNameField: 'oauth_client_secret_name' },
      { name: 'credentials', label: 'Refresh token or service-account JSON', kind: 'secret-multiline', requiredOnCreate: true, hint: 'Stored in the secret store; never shown again.' },
    ],
  },
  {
    id: 'servers',
    title: 'Servers',
    singular: 'server',
    api: servers,
    label: (i) => String(i.name),
    fields: [
      { name: 'name', label: 'Name', required: true, column: true, placeholder: 'cp-fra-1' },
      { name: 'address', label: 'SSH address', required: true, column: true, placeholder: '203.0.113.10' },
      { name: 'public_ip', label: 'Public IPv4 (A records)', column: true, hint: 'Leave blank when the SSH address is the public IPv4.' },
      { name: 'ssh_port', label: 'SSH port', kind: 'number', required: true, column: true },
      { name: 'ssh_user', label: 'SSH user', required: true, column: true },
      { name: 'host_key_fingerprint', label: 'Pinned host-key fingerprint', required: true, hint: 'SHA256:… as printed by ssh-keygen -lf' },
      { name: 'ssh_private_key', label: 'SSH private key', kind: 'secret-multiline', requiredOnCreate: true, secretNameField: 'ssh_key_secret_name', hint: 'OpenSSH PEM. Stored in the secret store; never shown again.' },
    ],
  },
];

export function SettingsPage({ tab }: { tab: string }) {
  const resource = resources.find((r) => r.id === tab) ?? resources[0];
  return (
    <section class="page" aria-labelledby="settings-title">
      <div class="page-header">
        <div>
          <h1 id="settings-title">Settings</h1>
          <p class="muted">Accounts and servers the factory provisions with. Secret values are write-only.</p>
        </div>
      </div>
      <nav class="tabs" aria-label="Settings sections">
        {resources.map((r) => (
          <a key={r.id} href={href(`/settings/${r.id}`)} class={r.id === resource.id ? 'tab active' : 'tab'} aria-current={r.id === resource.id ? 'page' : undefined}>
            {r.title}
          </a>
        ))}
      </nav>
      <ResourceTable key={resource.id} resource={resource} />
    </section>
  );
}

type Item = Record<string, unknown> & { id: string };

function ResourceTable({ resource }: { resource: Resource }) {
  const list = useAsync((signal) => resource.api.list(signal) as Promise<Item[]>, [resource.id]);
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Item | null>(null);
  const [busy, setBusy] = useState(false);
  const columns = resource.fields.filter((f) => f.column);
  const items = list.data ?? [];

  const remove = async () => {
    if (!deleting) return;
    setBusy(true);
    try {
      await resource.api.remove(deleting.id);
      toast(`Deleted ${resource.label(deleting)}.`, 'ok');
      list.reload();
    } catch (e) {
      toast(e instanceof ApiError && e.status === 409 ? `${resource.label(deleting)} is still used by sites: ${e.detail ?? ''}` : `Could not delete: ${errorText(e)}`, 'error');
    } finally {
      setBusy(false);
      setDeleting(null);
    }
  };

  return (
    <section class="card" aria-labelledby={`${resource.id}-title`}>
      <div class="card-header">
        <h2 id={`${resource.id}-title`}>{resource.title}</h2>
        <button type="button" class="button button-primary" onClick={() => setEditing('new')}>
          Add {resource.singular}
        </button>
      </div>
      <LoadError error={list.error} />
      <div class="table-wrap">
        <table class="table">
          <caption class="sr-only">{resource.title}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th scope="col" key={c.name}>
                  {c.label}
                </th>
              ))}
              <th scope="col">Secrets</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-id={item.id}>
                {columns.map((c) => (
                  <td key={c.name} class={c.kind === 'number' ? 'num' : undefined}>
                    {display(item[c.name])}
                  </td>
                ))}
                <td>
                  <SecretBadges resource={resource} item={item} />
                </td>
                <td class="muted small">{formatDateTime(item.created_at as string | undefined)}</td>
                <td class="row-actions">
                  <button type="button" class="button button-small" onClick={() => setEditing(item)} aria-label={`Edit ${resource.label(item)}`}>
                    Edit
                  </button>
                  <button type="button" class="button button-small button-danger-outline" onClick={() => setDeleting(item)} aria-label={`Delete ${resource.label(item)}`}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
            {list.data && items.length === 0 ? <EmptyRow columns={columns.length + 3}>None yet.</EmptyRow> : null}
          </tbody>
        </table>
      </div>
      <Dialog title={editing === 'new' ? `Add ${resource.singular}` : `Edit ${editing ? resource.label(editing) : ''}`} open={editing !== null} onClose={() => setEditing(null)}>
        {editing !== null ? (
          <ResourceForm
            resource={resource}
            item={editing === 'new' ? undefined : editing}
            onClose={() => setEditing(null)}
            onSaved={() => {
              setEditing(null);
              list.reload();
            }}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting ? resource.label(deleting) : ''}?`}
        message={`The ${resource.singular} and its stored secrets are removed. Sites that use it must be moved first.`}
        confirmLabel="Delete"
        busy={busy}
        onConfirm={remove}
        onClose={() => setDeleting(null)}
      />
    </section>
  );
}

function display(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return String(v);
}

/** "API token ✓ set": only the secret's *name* or a has_* flag comes back, never its value. */
function SecretBadges({ resource, item }: { resource: Resource; item: Item }) {
  const secrets = resource.fields.filter((f) => f.kind === 'secret' || f.kind === 'secret-multiline');
  return (
    <span class="chips">
      {secrets.map((f) => {
        const set = item[f.secretNameField ?? `${f.name}_secret_name`] ?? item[`has_${f.name}`];
        if (set === undefined || set === null || set === false) return null;
        return (
          <span key={f.name} class="chip chip-ok" title={typeof set === 'string' ? `Secret name: ${set}` : undefined}>
            <span class="chip-icon" aria-hidden="true">
              ●
            </span>
            {f.label} set
          </span>
        );
      })}
    </span>
  );
}

function ResourceForm({ resource, item, onClose, onSaved }: { resource: Resource; item?: Item; onClose: () => void; onSaved: () => void }) {
  const initial: Record<string, string> = {};
  for (const f of resource.fields) {
    if (f.kind === 'secret' || f.kind === 'secret-multiline') initial[f.name] = '';
    else if (item && item[f.name] !== undefined && item[f.name] !== null) initial[f.name] = String(item[f.name]);
    else initial[f.name] = f.kind === 'select' ? (f.options?.[0]?.value ?? '') : f.name === 'ssh_port' ? '22' : '';
  }
  const [form, setForm] = useState(initial);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const visible = resource.fields.filter((f) => !f.when || f.when(form));
  const fieldError = (name: string) => (error instanceof ApiError ? (error.fieldMessage(name) ?? error.fieldMessage(`${name}_secret_name`)) : undefined);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const body: Record<string, unknown> = {};
    for (const f of visible) {
      const v = form[f.name].trim();
      if (f.kind === 'secret' || f.kind === 'secret-multiline') {
        if (v) body[f.name] = f.kind === 'secret-multiline' ? form[f.name] : v;
      } else if (f.kind === 'number') body[f.name] = v === '' ? null : Number(v);
      else body[f.name] = v === '' ? null : v;
    }
    try {
      if (item) await resource.api.update(item.id, body);
      else await resource.api.create(body);
      toast(`${item ? 'Saved' : 'Added'} ${resource.label({ ...item, ...body } as Record<string, unknown>)}.`, 'ok');
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} aria-label={`${item ? 'Edit' : 'Add'} ${resource.singular}`}>
      <div class="dialog-body form-grid">
        {visible.map((f) => {
          const secret = f.kind === 'secret' || f.kind === 'secret-multiline';
          const required = f.required || (!item && f.requiredOnCreate);
          const hint = secret && item ? `${f.hint ?? ''} Leave blank to keep the stored value.`.trim() : f.hint;
          if (f.kind === 'secret-multiline') {
            const id = `field-${f.name}`;
            const err = fieldError(f.name);
            return (
              <div key={f.name} class={err ? 'field span-2 field-invalid' : 'field span-2'}>
                <label for={id}>
                  {f.label}
                  {required ? <span class="required" aria-hidden="true"> *</span> : null}
                </label>
                <textarea
                  id={id}
                  name={f.name}
                  rows={4}
                  class="secret-textarea"
                  required={required}
                  value={form[f.name]}
                  autoComplete="off"
                  spellcheck={false}
                  placeholder={item ? '•••••• (stored)' : ''}
                  aria-describedby={`${id}-hint${err ? ` ${id}-error` : ''}`}
                  aria-invalid={err ? true : undefined}
                  onInput={(e) => setForm({ ...form, [f.name]: (e.target as HTMLTextAreaElement).value })}
                />
                <small id={`${id}-hint`} class="hint">
                  {hint}
                </small>
                {err ? (
                  <small id={`${id}-error`} class="field-error">
                    {err}
                  </small>
                ) : null}
              </div>
            );
          }
          return (
            <Field
              key={f.name}
              label={f.label}
              name={f.name}
              value={form[f.name]}
              onInput={(v) => setForm({ ...form, [f.name]: v })}
              type={secret ? 'password' : f.kind === 'number' ? 'number' : 'text'}
              required={required}
              hint={hint}
              placeholder={secret && item ? '•••••• (stored)' : f.placeholder}
              options={f.options}
              autoComplete={secret ? 'new-password' : 'off'}
              error={fieldError(f.name)}
            />
          );
        })}
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
          {busy ? 'Saving…' : item ? 'Save' : 'Add'}
        </button>
      </footer>
    </form>
  );
}
