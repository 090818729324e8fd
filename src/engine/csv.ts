/**
 * The CSV importer for a user's own 2-D dataset: reads `x1,x2,label` rows, decides classification or
 * regression from the labels, and rescales targets and points into the ranges the generated sets use.
 * It lives apart from the generators (datasets.ts) because it parses text rather than drawing points.
 */
import { DOMAIN, MAX_CLASSES, MAX_POINTS, type Dataset } from './datasets';

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

export type CsvResult =
  { ok: true; dataset: Dataset; rescaled: boolean; notice?: string } | { ok: false; error: string };

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A strict decimal number, or undefined ('' , 'abc', '0x1', 'NaN' and overflow to ∞ are not numbers). */
function parseNumber(field: string): number | undefined {
  if (!NUMBER_RE.test(field)) return undefined;
  const v = Number(field);
  return Number.isFinite(v) ? v : undefined;
}

function quote(field: string): string {
  return `'${field.length > 40 ? `${field.slice(0, 40)}…` : field}'`;
}

function formatNumber(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/**
 * Parses `x1,x2,label` rows. A first line with no numeric field is a header and skipped; blank lines
 * and spaces around fields are ignored. Row numbers in errors are line numbers in the text (1-based).
 *
 * Integer labels with at most 5 distinct values make a classification set (classes = max + 1, at
 * least 2; labels must be 0 … 4). Anything else is regression: targets outside [-1, 1] are mapped
 * linearly onto [-1, 1]. If any coordinate is outside [-6, 6], the points are moved and scaled
 * uniformly (same factor on both axes) to fit. `rescaled` is true when either happened, and `notice`
 * says what was done.
 */
export function parseCsvDataset(text: string): CsvResult {
  if (typeof text !== 'string') return { ok: false, error: 'the CSV must be text' };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const xs: number[] = [];
  const labels: number[] = [];
  const rowOf: number[] = [];
  let sawFirst = false;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li].trim();
    if (line === '') continue;
    const row = li + 1;
    const fields = line.split(',').map((f) => f.trim());
    if (!sawFirst) {
      sawFirst = true;
      if (fields.every((f) => parseNumber(f) === undefined)) continue; // header
    }
    if (fields.length !== 3) {
      return { ok: false, error: `row ${row}: expected 3 columns (x1,x2,label), got ${fields.length}` };
    }
    const names = ['x1', 'x2', 'label'];
    const values: number[] = [];
    for (let c = 0; c < 3; c++) {
      const v = parseNumber(fields[c]);
      if (v === undefined) {
        const what = fields[c] === '' ? 'is empty' : `${quote(fields[c])} is not a number`;
        return { ok: false, error: `row ${row}: ${names[c]} ${what}` };
      }
      values.push(v);
    }
    if (labels.length === MAX_POINTS) {
      return {
        ok: false,
        error: `too many rows: more than ${MAX_POINTS} data rows (row ${row} is one too many)`,
      };
    }
    xs.push(values[0], values[1]);
    labels.push(values[2]);
    rowOf.push(row);
  }
  const n = labels.length;
  if (n === 0) return { ok: false, error: 'no data rows: expected lines of x1,x2,label' };

  const notices: string[] = [];
  const outLabels = new Float64Array(n);
  let classes: number;
  const distinct = new Set<number>();
  let allIntegers = true;
  for (const v of labels) {
    if (!Number.isInteger(v)) allIntegers = false;
    else if (distinct.size <= MAX_CLASSES) distinct.add(v);
  }
  if (allIntegers && distinct.size <= MAX_CLASSES) {
    let max = 0;
    for (let i = 0; i < n; i++) {
      const v = labels[i];
      if (v < 0) {
        return {
          ok: false,
          error: `row ${rowOf[i]}: class label ${v} is negative; class labels must be 0 … ${MAX_CLASSES - 1}`,
        };
      }
      if (v > MAX_CLASSES - 1) {
        return {
          ok: false,
          error: `row ${rowOf[i]}: class label ${v} is above ${MAX_CLASSES - 1}; at most ${MAX_CLASSES} classes (0 … ${MAX_CLASSES - 1}), or use non-integer values for regression`,
        };
      }
      if (v > max) max = v;
      outLabels[i] = v;
    }
    classes = Math.max(2, max + 1);
  } else {
    classes = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of labels) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const inRange = lo >= -1 && hi <= 1;
    const mid = (lo + hi) / 2;
    const half = (hi - lo) / 2;
    for (let i = 0; i < n; i++) {
      outLabels[i] = inRange ? labels[i] : half > 0 ? (labels[i] - mid) / half : 0;
    }
    if (!inRange) {
      notices.push(`Regression targets rescaled from [${formatNumber(lo)}, ${formatNumber(hi)}] to [-1, 1].`);
    }
  }

  const points = new Float64Array(xs);
  let maxAbs = 0;
  for (const v of xs) maxAbs = Math.max(maxAbs, Math.abs(v));
  if (maxAbs > DOMAIN) {
    // Centre the bounding box on the origin and scale its longer side to [-6, 6].
    let minX = Infinity,
      maxX = -Infinity,
      minY = Infinity,
      maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = xs[2 * i];
      const y = xs[2 * i + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    const cx = (minX + maxX) / 2;
    const cy = (minY + maxY) / 2;
    const half = Math.max(maxX - minX, maxY - minY) / 2;
    const factor = half > 0 ? DOMAIN / half : 1;
    for (let i = 0; i < n; i++) {
      points[2 * i] = clamp((xs[2 * i] - cx) * factor, -DOMAIN, DOMAIN);
      points[2 * i + 1] = clamp((xs[2 * i + 1] - cy) * factor, -DOMAIN, DOMAIN);
    }
    notices.push(
      `Points rescaled into [-6, 6]: x1 → (x1 − ${formatNumber(cx)}) × ${formatNumber(factor)}, x2 → (x2 − ${formatNumber(cy)}) × ${formatNumber(factor)}.`,
    );
  }

  const dataset: Dataset = { points, labels: outLabels, count: n, classes };
  return notices.length > 0
    ? { ok: true, dataset, rescaled: true, notice: notices.join(' ') }
    : { ok: true, dataset, rescaled: false };
}
