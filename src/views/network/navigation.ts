/**
 * Arrow-key movement over the graph (one tab stop per group, roving tabindex): weights and biases
 * form one column per weight layer, nodes one column per layer. Pure.
 */

export type Direction = 'up' | 'down' | 'left' | 'right' | 'home' | 'end';

export const ARROW_KEYS: Readonly<Record<string, Direction>> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
  Home: 'home',
  End: 'end',
};

/**
 * The key an arrow key moves to in a grid of columns: up and down within the column (stopping at its
 * ends), left and right to the neighbouring column at the same relative height. An unknown key goes
 * to the first item.
 */
export function moveInColumns(columns: string[][], key: string, direction: Direction): string | null {
  let c = -1;
  let r = -1;
  for (let i = 0; i < columns.length && c < 0; i++) {
    const j = columns[i].indexOf(key);
    if (j >= 0) {
      c = i;
      r = j;
    }
  }
  if (c < 0) return columns[0]?.[0] ?? null;
  const col = columns[c];
  switch (direction) {
    case 'up':
      return col[Math.max(0, r - 1)];
    case 'down':
      return col[Math.min(col.length - 1, r + 1)];
    case 'home':
      return col[0];
    case 'end':
      return col[col.length - 1];
    case 'left':
    case 'right': {
      const next = columns[c + (direction === 'left' ? -1 : 1)];
      if (!next || next.length === 0) return key;
      const t = col.length > 1 ? r / (col.length - 1) : 0;
      return next[Math.round(t * (next.length - 1))];
    }
  }
}
