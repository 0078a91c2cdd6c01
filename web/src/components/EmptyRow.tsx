import type { ComponentChildren } from 'preact';

/** The one row a table shows when it has no rows ("No servers yet…", "Loading…"), spanning its `columns`. */
export function EmptyRow({ columns, children }: { columns: number; children: ComponentChildren }) {
  return (
    <tr>
      <td colSpan={columns} class="empty">
        {children}
      </td>
    </tr>
  );
}
