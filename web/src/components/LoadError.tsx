import type { ComponentChildren } from 'preact';
import { errorText } from '../api/http';

/**
 * The page's "Could not load …" notice for a failed read, or nothing while there is no error. `what` names the thing
 * ("sites", "the batch"); `children` follow the message (e.g. a "Try again" button).
 */
export function LoadError({ what, error, children }: { what?: string; error: unknown; children?: ComponentChildren }) {
  if (!error) return null;
  return (
    <p class="notice notice-error" role="alert">
      Could not load{what ? ` ${what}` : ''}: {errorText(error)}
      {children}
    </p>
  );
}
