/**
 * What the four checks share: their box (CheckSection) and table styles, the header row, the verdict badge, and each layer's colour
 * key (the same key in the tables, the scatter and the gradient-norm chart's legend).
 */
import type { CSSProperties, ReactNode } from 'react';
import { CLASS_COLORS } from '../shared/colors';
import { VERDICT_STYLE, type Verdict } from './verdict';

export const box: CSSProperties = {
  border: '1px solid var(--border)',
  borderRadius: 6,
  padding: '0.5rem 0.75rem',
  margin: '0 0 0.75rem',
  background: 'var(--surface)',
};
export const muted: CSSProperties = { color: 'var(--muted)' };
export const h3: CSSProperties = { margin: '0 0 0.25rem', fontSize: '1rem' };
export const table: CSSProperties = {
  borderCollapse: 'collapse',
  fontVariantNumeric: 'tabular-nums',
  fontSize: '0.85rem',
};
export const cell: CSSProperties = {
  padding: '2px 8px',
  textAlign: 'left',
  borderBottom: '1px solid var(--border)',
};

/** One check's box: a section named by its numbered heading. */
export function CheckSection({
  headingId,
  title,
  children,
}: {
  headingId: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <section style={box} aria-labelledby={headingId}>
      <h3 id={headingId} style={h3}>
        {title}
      </h3>
      {children}
    </section>
  );
}

/** A table's column headings, one <th scope="col"> each. */
export function HeaderRow({
  columns,
  cellStyle = cell,
}: {
  columns: readonly string[];
  cellStyle?: CSSProperties;
}) {
  return (
    <tr>
      {columns.map((column) => (
        <th key={column} style={cellStyle} scope="col">
          {column}
        </th>
      ))}
    </tr>
  );
}

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  const s = VERDICT_STYLE[verdict];
  return (
    <span style={{ color: s.color, fontWeight: 600 }}>
      <span aria-hidden="true">{s.icon}</span> {s.word}
    </span>
  );
}

/** Layer l's colour (0-based), cycling through the class palette. */
export function layerColor(l: number): string {
  return CLASS_COLORS[l % CLASS_COLORS.length];
}

/**
 * The layer's colour as a key, in the tables and the gradient-norm chart's legend, before its
 * number: the number itself stays in the text colour, as some layer colours are too light to read.
 */
export function LayerKey({ l }: { l: number }) {
  return (
    <span aria-hidden="true" style={{ color: layerColor(l), marginRight: '0.3em' }}>
      ━
    </span>
  );
}
