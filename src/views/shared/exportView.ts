/**
 * Pictures and data of a view, for the views' download menus (ViewExportMenu):
 * - pure helpers, unit-tested: the loss history as CSV text, and an SVG's look inlined into a copy of
 *   it (computed styles, so CSS variables and the page's stylesheets are resolved: the file shows
 *   what the page shows, with no stylesheet of its own);
 * - browser helpers: an SVG file, a PNG of a figure (its canvases and SVGs drawn where they sit, so
 *   the decision boundary's small heatmap canvas and its SVG overlay come out as one picture). The
 *   download itself is ./download.ts.
 *
 * The SVGs become pictures through `new Image()` with a blob: URL, which is why index.html's CSP
 * allows `img-src blob:` (and nothing more).
 */
import { plainNumber } from '../../model/format';
import type { LossHistory } from '../../store/types';

/** A number for a CSV cell: as exact as float32 storage allows, empty when there is none. */
function cell(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '' : plainNumber(v, 7);
}

/**
 * The loss history as CSV: one row per step that has a batch loss or an evaluation, in step order.
 * The batch loss is kept at multiples of the history's stride and the full sets are evaluated at
 * frame times, so a row may have only one of the two (the other cells empty).
 */
export function lossHistoryCsv(history: LossHistory): string {
  const metric = history.metric === 'accuracy' ? 'accuracy' : 'RMSE';
  const header = ['step', 'batch loss', 'train loss', 'test loss', `train ${metric}`, `test ${metric}`];
  const rows = new Map<number, (number | undefined)[]>();
  const row = (step: number) => {
    let r = rows.get(step);
    if (!r) rows.set(step, (r = [undefined, undefined, undefined, undefined, undefined]));
    return r;
  };
  history.steps.forEach((step, i) => {
    row(step)[0] = history.batchLoss[i];
  });
  history.evalSteps.forEach((step, i) => {
    const r = row(step);
    r[1] = history.trainLoss[i];
    r[2] = history.testLoss[i];
    r[3] = history.trainMetric[i];
    r[4] = history.testMetric[i];
  });
  const lines = [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([step, values]) => [String(step), ...values.map(cell)].join(','));
  return [header.join(','), ...lines].join('\n') + '\n';
}

/** The properties that decide how SVG content looks; copied from the computed style of each element. */
export const SVG_STYLE_PROPERTIES = [
  'display',
  'visibility',
  'opacity',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
] as const;

type StyleReader = (element: Element) => Pick<CSSStyleDeclaration, 'getPropertyValue'>;

/**
 * Writes each element's computed look into the matching element of `copy` (a deep clone of
 * `source`) as a style attribute. Computed values have CSS variables and the page's rules resolved,
 * so the copy looks the same without the page.
 */
export function inlineSvgStyles(
  source: Element,
  copy: Element,
  readStyle: StyleReader = (el) => getComputedStyle(el),
): void {
  const style = readStyle(source);
  const declarations: string[] = [];
  for (const name of SVG_STYLE_PROPERTIES) {
    const value = style.getPropertyValue(name).trim();
    if (value !== '') declarations.push(`${name}: ${value}`);
  }
  if (declarations.length > 0) copy.setAttribute('style', declarations.join('; '));
  const from = source.children;
  const to = copy.children;
  for (let i = 0; i < from.length && i < to.length; i++) inlineSvgStyles(from[i], to[i], readStyle);
}

/** A standalone SVG document of `svg` at `width` × `height`, its look inlined. */
export function svgDocument(
  svg: SVGSVGElement,
  width: number,
  height: number,
  readStyle?: StyleReader,
): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  inlineSvgStyles(svg, copy, readStyle);
  copy.setAttribute('width', String(Math.round(width)));
  copy.setAttribute('height', String(Math.round(height)));
  const text = new XMLSerializer().serializeToString(copy);
  // The serializer declares the SVG namespace for an element of it; a file needs it, once.
  return text.includes('xmlns="http://www.w3.org/2000/svg"')
    ? text
    : text.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
}

// ---------------------------------------------------------------------------------------------------
// Browser only

/** The SVG view as an SVG file, at its size on the page. */
export function svgFileOf(svg: SVGSVGElement): Blob {
  const { width, height } = svg.getBoundingClientRect();
  return new Blob([svgDocument(svg, width, height)], { type: 'image/svg+xml' });
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('the picture could not be drawn'));
    image.src = url;
  });
}

/** The page's background behind a figure (the first opaque one up the tree), so the PNG is not see-through. */
function backgroundOf(element: Element): string {
  for (let el: Element | null = element; el; el = el.parentElement) {
    const colour = getComputedStyle(el).backgroundColor;
    if (colour && colour !== 'transparent' && colour !== 'rgba(0, 0, 0, 0)') return colour;
  }
  return '#ffffff';
}

/**
 * A PNG of `figure` as it looks: its background, then each visible canvas and SVG inside it, in
 * page order (the order they are stacked in), each drawn at its place and size, at the screen's
 * pixel density.
 */
export async function pngOf(figure: HTMLElement): Promise<Blob> {
  const box = figure.getBoundingClientRect();
  const scale = Math.max(1, window.devicePixelRatio || 1);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(box.width * scale));
  canvas.height = Math.max(1, Math.round(box.height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.scale(scale, scale);
  ctx.fillStyle = backgroundOf(figure);
  ctx.fillRect(0, 0, box.width, box.height);
  const layers = [...figure.querySelectorAll<HTMLCanvasElement | SVGSVGElement>('canvas, svg')].filter(
    (el) => !(el.parentElement?.closest('svg') ?? null),
  );
  if (figure.matches('svg')) layers.unshift(figure as unknown as SVGSVGElement);
  for (const layer of layers) {
    const r = layer.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(layer).visibility === 'hidden') continue;
    const x = r.left - box.left;
    const y = r.top - box.top;
    if (layer instanceof HTMLCanvasElement) {
      // A small canvas scaled up by CSS keeps its pixels sharp when the page draws it so.
      ctx.imageSmoothingEnabled = getComputedStyle(layer).imageRendering !== 'pixelated';
      ctx.drawImage(layer, x, y, r.width, r.height);
      ctx.imageSmoothingEnabled = true;
    } else {
      const url = URL.createObjectURL(
        new Blob([svgDocument(layer, r.width, r.height)], { type: 'image/svg+xml' }),
      );
      try {
        ctx.drawImage(await loadImage(url), x, y, r.width, r.height);
      } finally {
        URL.revokeObjectURL(url);
      }
    }
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no PNG'))), 'image/png'),
  );
}
