/**
 * One matrix as a small heatmap: a grid of cells coloured on the diverging scale of its quantity for
 * the phase (colorScales.ts: the same quantity has the same colours in every card), rows and columns
 * labelled (examples of the batch, neurons, features), big matrices cut to their first rows/columns
 * with an ellipsis and an "Expand" button that shows every row and column, with numbers, in a
 * scrollable box. Numbers are printed compactly (3 significant digits) in every cell that fits; the
 * exact (float32) value, to 9 significant digits, shows on hover and on keyboard focus. A value too
 * small to move the colour off neutral at this scale, but not 0, carries a dot ("≈ 0 at this scale")
 * instead of silently looking like 0. Under the grid, the scale's legend: a bar from −max to +max.
 *
 * The cells the Chain rule region reads (`chainCells`, see chainMarks.ts) carry a ring and a corner
 * mark, and "used in the chain rule" in their accessible name; a cut axis always shows their rows
 * and columns.
 *
 * Keyboard: small matrices make every cell a tab stop; bigger ones are one tab stop with a roving
 * tabindex (arrow keys, Home/End move inside, as in the ARIA grid pattern). Example row labels are
 * buttons that choose the example to follow.
 */
import { memo, useCallback, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { ChainCell } from '../../store/types';
import { LUT_CENTER, divergingColor, divergingIndex, divergingTextColor, type Theme } from '../shared/colors';
import { chainCellKey, chainMarksOf, type ChainMark } from './chainMarks';
import { matrixValue, type Axis, type MatrixModel } from './equationModel';
import { formatValue } from '../../model/format';

/** Rows / columns shown along an example axis, and along other axes. */
export const EXAMPLE_LIMIT = 8;
export const UNIT_LIMIT = 16;
/** At most this many shown cells: every cell a tab stop. Above: one roving tab stop. */
export const FOCUSABLE_CELL_LIMIT = 24;
/** Numbers are printed inside a card's cells when there are at most this many shown columns. */
export const TEXT_COLUMN_LIMIT = 8;
/** The expanded view shows at most this many rows or columns of an axis (a batch can be large). */
export const EXPANDED_LIMIT = 1000;
/** Significant digits of the numbers printed in cells, and of the exact value on hover and focus. */
export const CELL_DIGITS = 3;
export const EXACT_DIGITS = 9;

/**
 * Whether a non-zero value is drawn in the colour of 0 on a ±maxAbs scale (it is below the scale's
 * resolution, 1/254 of maxAbs): such cells carry the "≈ 0 at this scale" mark.
 */
export function isNearZero(value: number, maxAbs: number): boolean {
  return value !== 0 && divergingIndex(value, maxAbs) === LUT_CENTER;
}

/** How many indices of an axis a card shows before cutting it. */
function axisLimit(axis: Axis): number {
  return axis.kind === 'example' ? EXAMPLE_LIMIT : UNIT_LIMIT;
}

/**
 * Which indices of an axis to show: the first `limit`, then (past the cut, in order) the followed
 * example and the indices in `keep` (the chain rule's cells), then an ellipsis for the rest.
 * `expanded` shows every index (up to EXPANDED_LIMIT).
 */
export function shownIndices(
  size: number,
  axis: Axis,
  highlight: number | null,
  expanded = false,
  keep: readonly number[] = [],
): { indices: number[]; hidden: number } {
  const limit = expanded ? EXPANDED_LIMIT : axisLimit(axis);
  if (size <= limit) return { indices: Array.from({ length: size }, (_, i) => i), hidden: 0 };
  const indices = Array.from({ length: limit }, (_, i) => i);
  const extra = new Set(keep.filter((i) => i >= limit && i < size));
  if (axis.kind === 'example' && highlight !== null && highlight >= limit && highlight < size)
    extra.add(highlight);
  indices.push(...[...extra].sort((a, b) => a - b));
  return { indices, hidden: size - indices.length };
}

/** Said after a chain cell's name and value, to screen readers and in its tooltip. */
export const CHAIN_CELL_NOTE = 'used in the chain rule';
const NO_CELLS: readonly ChainCell[] = [];

function axisLabel(axis: Axis, i: number): string {
  switch (axis.kind) {
    case 'example':
      return String(i + 1);
    case 'one':
      return '';
    default:
      return axis.labels[i] ?? String(i + 1);
  }
}

/** Words for a cell, for screen readers and the read-out: "Z1, example 3, n2: 0.1235". */
function cellWords(m: MatrixModel, r: number, c: number, digits: number, nearZero = false): string {
  const part = (axis: Axis, i: number): string | null =>
    axis.kind === 'one' ? null : axis.kind === 'example' ? `example ${i + 1}` : axisLabel(axis, i);
  const where = [part(m.rowAxis, r), part(m.colAxis, c)].filter(Boolean).join(', ');
  const value = formatValue(matrixValue(m, r, c), digits);
  return `${m.name}${where ? `, ${where}` : ''}: ${value}${nearZero ? ' (≈ 0 at this scale)' : ''}`;
}

/** The scale's legend: a bar from −maxAbs through 0 to +maxAbs in the cells' colours, and its ends. */
function ScaleLegend({ maxAbs, theme }: { maxAbs: number; theme: Theme }) {
  const stops = [-1, -0.5, 0, 0.5, 1].map((t) => divergingColor(t * maxAbs, maxAbs, theme));
  const end = formatValue(maxAbs, CELL_DIGITS);
  return (
    <span
      className="mx-legend"
      role="img"
      aria-label={`Colour scale from −${end} (orange) through 0 to +${end} (blue); a dot marks ≈ 0 at this scale`}
    >
      <span className="mx-legend-end" aria-hidden="true">
        −{end}
      </span>
      <span
        className="mx-legend-bar"
        aria-hidden="true"
        style={{ backgroundImage: `linear-gradient(to right, ${stops.join(', ')})` }}
      />
      <span className="mx-legend-end" aria-hidden="true">
        +{end}
      </span>
    </span>
  );
}

export interface MatrixViewProps {
  matrix: MatrixModel;
  /** The colour scale (max |value|): the quantity's scale for the phase, see colorScales.ts. */
  maxAbs: number;
  theme?: Theme;
  /** The followed example (batch row), highlighted wherever an axis runs over examples. */
  highlightExample?: number | null;
  /** Choosing an example from a row/column label. */
  onSelectExample?: (row: number) => void;
  /** A cell was activated (Enter/Space or click): e.g. the update phase's "this weight". */
  onCellActivate?: (r: number, c: number) => void;
  /** The cell shown as selected (r, c), if any. */
  selectedCell?: { r: number; c: number } | null;
  /**
   * The frame cells the Chain rule region reads; the ones this card shows are marked (matched by
   * the card's term, see chainMarks.ts). Keep the same array while the chain is the same.
   */
  chainCells?: readonly ChainCell[];
}

function MatrixViewImpl({
  matrix: m,
  maxAbs,
  theme = 'light',
  highlightExample = null,
  onSelectExample,
  onCellActivate,
  selectedCell = null,
  chainCells = NO_CELLS,
}: MatrixViewProps) {
  const id = useId();
  const [expanded, setExpanded] = useState(false);
  // The chain's cells on this card, by "r,c"; their rows and columns are never cut away.
  const { term, rows, cols } = m;
  const marks = useMemo(() => {
    const byPosition = new Map<string, ChainMark>();
    for (const mark of chainMarksOf(term, rows, cols, chainCells))
      byPosition.set(`${mark.r},${mark.c}`, mark);
    return byPosition;
  }, [term, rows, cols, chainCells]);
  const markedRows = useMemo(() => [...marks.values()].map((k) => k.r), [marks]);
  const markedCols = useMemo(() => [...marks.values()].map((k) => k.c), [marks]);
  const rowsShown = useMemo(
    () => shownIndices(m.rows, m.rowAxis, highlightExample, expanded, markedRows),
    [m.rows, m.rowAxis, highlightExample, expanded, markedRows],
  );
  const colsShown = useMemo(
    () => shownIndices(m.cols, m.colAxis, highlightExample, expanded, markedCols),
    [m.cols, m.colAxis, highlightExample, expanded, markedCols],
  );
  const cellCount = rowsShown.indices.length * colsShown.indices.length;
  const roving = cellCount > FOCUSABLE_CELL_LIMIT;
  const withText = expanded || colsShown.indices.length <= TEXT_COLUMN_LIMIT;
  // Worth expanding: a card that hides rows or columns, or shows its columns without numbers.
  const expandable = m.rows > axisLimit(m.rowAxis) || m.cols > TEXT_COLUMN_LIMIT;
  const [active, setActive] = useState<{ ri: number; ci: number }>({ ri: 0, ci: 0 });
  const [readout, setReadout] = useState<{ r: number; c: number } | null>(null);
  const gridRef = useRef<HTMLTableElement>(null);

  const ri0 = Math.min(active.ri, rowsShown.indices.length - 1);
  const ci0 = Math.min(active.ci, colsShown.indices.length - 1);

  const focusCell = useCallback((ri: number, ci: number) => {
    setActive({ ri, ci });
    const cell = gridRef.current?.querySelector<HTMLElement>(`[data-ri="${ri}"][data-ci="${ci}"]`);
    cell?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLTableCellElement>, ri: number, ci: number): void => {
    const lastR = rowsShown.indices.length - 1;
    const lastC = colsShown.indices.length - 1;
    let next: [number, number];
    switch (event.key) {
      case 'ArrowRight':
        next = [ri, Math.min(lastC, ci + 1)];
        break;
      case 'ArrowLeft':
        next = [ri, Math.max(0, ci - 1)];
        break;
      case 'ArrowDown':
        next = [Math.min(lastR, ri + 1), ci];
        break;
      case 'ArrowUp':
        next = [Math.max(0, ri - 1), ci];
        break;
      case 'Home':
        next = event.ctrlKey ? [0, 0] : [ri, 0];
        break;
      case 'End':
        next = event.ctrlKey ? [lastR, lastC] : [ri, lastC];
        break;
      case 'Enter':
      case ' ':
        if (onCellActivate) {
          event.preventDefault();
          onCellActivate(rowsShown.indices[ri], colsShown.indices[ci]);
        }
        return;
      default:
        return;
    }
    // The arrows belong to the grid here (the app's → "step layer" shortcut must not fire).
    event.preventDefault();
    event.stopPropagation();
    focusCell(next[0], next[1]);
  };

  const exampleHeader = (i: number, scope: 'row' | 'col') => {
    const selected = highlightExample === i;
    const label = axisLabel({ kind: 'example', labels: [] }, i);
    return onSelectExample ? (
      <button
        type="button"
        className="mx-example"
        aria-pressed={selected}
        aria-label={`Follow example ${i + 1}`}
        title={`Follow example ${i + 1} (${scope} ${i + 1} of the batch)`}
        onClick={() => onSelectExample(i)}
      >
        {label}
      </button>
    ) : (
      label
    );
  };

  const readoutText = readout
    ? cellWords(
        m,
        readout.r,
        readout.c,
        EXACT_DIGITS,
        isNearZero(matrixValue(m, readout.r, readout.c), maxAbs),
      )
    : '';
  const caption = `${m.name} (${m.rows}×${m.cols})`;
  const isHighlighted = (axis: Axis, i: number): boolean => axis.kind === 'example' && highlightExample === i;

  return (
    <figure className={expanded ? 'mx mx-expanded' : 'mx'} data-matrix={m.name}>
      <div className="mx-scroll">
        <table
          ref={gridRef}
          className={withText ? 'mx-grid mx-text' : 'mx-grid'}
          role="grid"
          aria-label={caption}
          aria-describedby={`${id}-readout`}
          onMouseLeave={() => setReadout(null)}
        >
          <caption className="mx-caption">
            {m.name}{' '}
            <span className="mx-shape">
              ({m.rows}×{m.cols})
            </span>
          </caption>
          <thead>
            <tr>
              <td className="mx-corner" />
              {colsShown.indices.map((c) => (
                <th key={c} scope="col" className={isHighlighted(m.colAxis, c) ? 'mx-head mx-hl' : 'mx-head'}>
                  {m.colAxis.kind === 'example' ? exampleHeader(c, 'col') : axisLabel(m.colAxis, c)}
                </th>
              ))}
              {colsShown.hidden > 0 && (
                <th
                  scope="col"
                  className="mx-head mx-more"
                  title={`${colsShown.hidden} more columns not shown`}
                >
                  …
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rowsShown.indices.map((r, ri) => (
              <tr key={r} className={isHighlighted(m.rowAxis, r) ? 'mx-hl' : undefined}>
                <th scope="row" className="mx-head">
                  {m.rowAxis.kind === 'example' ? (
                    exampleHeader(r, 'row')
                  ) : m.rowAxis.kind === 'one' ? (
                    // A one-row matrix (a bias, db): the header names the row for screen readers only.
                    <span className="visually-hidden">{m.name}</span>
                  ) : (
                    axisLabel(m.rowAxis, r)
                  )}
                </th>
                {colsShown.indices.map((c, ci) => {
                  const v = matrixValue(m, r, c);
                  const tabbable = roving ? ri === ri0 && ci === ci0 : true;
                  const selected = selectedCell !== null && selectedCell.r === r && selectedCell.c === c;
                  const hl = isHighlighted(m.rowAxis, r) || isHighlighted(m.colAxis, c);
                  const nearZero = isNearZero(v, maxAbs);
                  const mark = marks.get(`${r},${c}`);
                  const note = mark ? `, ${CHAIN_CELL_NOTE}` : '';
                  return (
                    <td
                      key={c}
                      role="gridcell"
                      data-ri={ri}
                      data-ci={ci}
                      tabIndex={tabbable ? 0 : -1}
                      // The accessible name holds the printed number (3 digits); the exact one is in the read-out.
                      aria-label={cellWords(m, r, c, CELL_DIGITS, nearZero) + note}
                      aria-selected={onCellActivate ? selected : undefined}
                      className={`mx-cell${hl ? ' mx-hl' : ''}${selected ? ' mx-selected' : ''}${nearZero ? ' mx-near-zero' : ''}${mark ? ' mx-chain' : ''}`}
                      // Which frame cell the chain reads here (the Chain rule region's factors link to it).
                      data-chain-cell={mark ? chainCellKey(mark.cell) : undefined}
                      style={{
                        // The colour only: the ≈ 0 dot is a background image from the stylesheet.
                        backgroundColor: divergingColor(v, maxAbs, theme),
                        color: withText ? divergingTextColor(v, maxAbs, theme) : undefined,
                      }}
                      title={cellWords(m, r, c, EXACT_DIGITS, nearZero) + note}
                      onMouseEnter={() => setReadout({ r, c })}
                      onFocus={() => {
                        setActive({ ri, ci });
                        setReadout({ r, c });
                      }}
                      onKeyDown={(e) => onKeyDown(e, ri, ci)}
                      onClick={onCellActivate ? () => onCellActivate(r, c) : undefined}
                    >
                      {withText ? formatValue(v, CELL_DIGITS) : null}
                    </td>
                  );
                })}
                {colsShown.hidden > 0 && <td className="mx-more" aria-hidden="true" />}
              </tr>
            ))}
            {rowsShown.hidden > 0 && (
              <tr className="mx-more-row">
                <th scope="row" className="mx-head mx-more">
                  ⋮
                </th>
                <td colSpan={colsShown.indices.length + (colsShown.hidden > 0 ? 1 : 0)} className="mx-more">
                  {rowsShown.hidden} more {m.rowAxis.kind === 'example' ? 'examples' : 'rows'} not shown
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="mx-foot">
        <ScaleLegend maxAbs={maxAbs} theme={theme} />
        {expandable && (
          <button
            type="button"
            className="mx-expand"
            aria-expanded={expanded}
            aria-label={`${expanded ? 'Collapse' : 'Expand'} ${caption}`}
            onClick={() => setExpanded((e) => !e)}
          >
            {expanded ? 'Collapse' : 'Expand'}
          </button>
        )}
      </div>
      <output id={`${id}-readout`} className="mx-readout" aria-live="off">
        {readoutText || '\u00a0'}
      </output>
    </figure>
  );
}

export const MatrixView = memo(MatrixViewImpl);
