// Pretty-prints a JSON payload. Values under secret-looking keys are masked here too, as a second line of defence
// behind the server's redaction: a token must never reach the screen.

const secretKey = /(secret|password|passwd|token|api[_-]?key|private[_-]?key|credential|authorization|cookie)/i;
// Key names of the form "*_secret_name" hold the *name* of a secret, which is fine to show.
const secretNameKey = /secret_?name$/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 20) return '…';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = secretKey.test(k) && !secretNameKey.test(k) && v !== null && typeof v !== 'object' ? '[REDACTED]' : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

/** Parses JSON text payloads (history inputs are often stored as strings) so they print structured. */
export function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const t = value.trim();
  if (!(t.startsWith('{') || t.startsWith('[') || t.startsWith('"'))) return value;
  try {
    return JSON.parse(t);
  } catch {
    return value;
  }
}

export function JsonView({ value, label }: { value: unknown; label?: string }) {
  const v = redact(parseMaybeJson(value));
  if (v === undefined || v === null) return <span class="muted">null</span>;
  const text = typeof v === 'string' ? v : JSON.stringify(v, null, 2);
  return (
    <pre class="json" aria-label={label} tabIndex={0}>
      {text}
    </pre>
  );
}
