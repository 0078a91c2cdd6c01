// Thin fetch wrapper: same-origin cookies, JSON in and out, RFC 9457 problem+json turned into ApiError.

/** One field-level validation message from a problem+json body. */
export interface FieldMessage {
  field: string;
  message: string;
}

/** An HTTP error with the server's problem details, if it sent any. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail?: string;
  readonly fields: FieldMessage[];

  constructor(status: number, title: string, detail?: string, fields: FieldMessage[] = []) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.fields = fields;
  }

  /** The message for one form field, if the server named it. */
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field)?.message;
  }
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called whenever the API answers 401, so the shell can show the sign-in page. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null | string[]>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Statuses that are not errors for this call (e.g. 404 while probing). */
  accept?: number[];
  /** Do not raise the global "signed out" signal on 401 (used by the session probe itself). */
  quiet401?: boolean;
}

export interface RawResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v));
    else params.append(key, String(value));
  }
  const qs = params.toString();
  if (!qs) return path;
  return path + (path.includes('?') ? '&' : '?') + qs;
}

/** Sends a request and returns status, headers and the parsed body (null when empty). */
export async function send<T>(path: string, options: RequestOptions = {}): Promise<RawResponse<T>> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    // The server's cross-site request forgery guard requires this header on cookie-authenticated writes
    // (a cross-site form cannot set it, and a cross-origin fetch with it needs a preflight the server never approves).
    'X-WF-Request': '1',
    ...options.headers,
  };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    if (typeof options.body === 'string') {
      body = options.body;
      headers['Content-Type'] ??= 'text/plain';
    } else {
      body = JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
  }
  const response = await fetch(withQuery(path, options.query), {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    credentials: 'same-origin',
    signal: options.signal,
  });
  const data = await readBody(response);
  if (!response.ok && !(options.accept ?? []).includes(response.status)) {
    if (response.status === 401 && !options.quiet401) unauthorizedListeners.forEach((l) => l());
    throw toApiError(response.status, response.statusText, data);
  }
  return { status: response.status, headers: response.headers, data: data as T };
}

/** Sends a request and returns only the parsed body. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await send<T>(path, options)).data;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function toApiError(status: number, statusText: string, data: unknown): ApiError {
  if (data && typeof data === 'object') {
    const p = data as Record<string, unknown>;
    const fields: FieldMessage[] = [];
    // ASP.NET's ValidationProblemDetails: { errors: { field: [messages] } }; also accept [{ field, message }].
    const errors = p.errors;
    if (Array.isArray(errors)) {
      for (const e of errors) {
        if (e && typeof e === 'object') {
          const r = e as Record<string, unknown>;
          const field = String(r.field ?? r.name ?? r.pointer ?? '');
          fields.push({ field: normalizeField(field), message: String(r.message ?? r.detail ?? '') });
        }
      }
    } else if (errors && typeof errors === 'object') {
      for (const [field, messages] of Object.entries(errors as Record<string, unknown>)) {
        const list = Array.isArray(messages) ? messages : [messages];
        for (const m of list) fields.push({ field: normalizeField(field), message: String(m) });
      }
    }
    const title = typeof p.title === 'string' ? p.title : statusText || `HTTP ${status}`;
    const detail = typeof p.detail === 'string' ? p.detail : typeof p.Message === 'string' ? p.Message : undefined;
    return new ApiError(status, title, detail, fields);
  }
  const text = typeof data === 'string' && data.length < 300 ? data : undefined;
  return new ApiError(status, statusText || `HTTP ${status}`, text);
}

// Field names may arrive as "email", "$.email" or "Email"; forms use the snake_case API names.
function normalizeField(field: string): string {
  const trimmed = field.replace(/^\$\.?/, '').replace(/^#\//, '');
  return trimmed
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** A human sentence for any error thrown by the API layer. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.fields.length > 0) return `${error.detail ?? error.title} ${error.fields.map((f) => f.message).join(' ')}`;
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
