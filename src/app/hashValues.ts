/**
 * Reading one value of the URL hash: our own links and TensorFlow Playground's share these rules.
 * Anything that does not parse is handed on as it was, for sanitizeConfig to name in a notice.
 */
import { plainNumber } from '../model/format';

/** A number, or the text itself when it is not one ("" stays "", so it is reported, not read as 0). */
export function parseNumber(text: string): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return text;
  const v = Number(trimmed);
  return Number.isNaN(v) ? text : v;
}

/** "true" or "false"; null for anything else. */
export function parseBoolean(text: string): boolean | null {
  if (text === 'true') return true;
  if (text === 'false') return false;
  return null;
}

// ---------------------------------------------------------------------------------------------------
// A link's own points (`data=`) and live changes (`events=`): compact text, exact values.

/**
 * A coordinate or label, exactly, in few characters. Points that came from a frame are float32
 * values (1.2345678806304932 as a float64); those read back exactly from their shortest float32
 * form with an `f` ("1.2345679f", Math.fround on reading), a third shorter. Others (typed or
 * imported "1.25") are their shortest float64 form.
 */
export function formatExact(v: number): string {
  const plain = String(v);
  if (Math.fround(v) !== v || plain.length <= 9) return plain;
  for (let digits = 1; digits <= 9; digits++) {
    const short = plainNumber(v, digits);
    if (Math.fround(Number(short)) === v) return short.length + 1 < plain.length ? `${short}f` : plain;
  }
  return plain;
}

/** Reads formatExact's text; NaN for anything else. */
export function parseExact(text: string): number {
  if (!/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?f?$/.test(text)) return NaN;
  return text.endsWith('f') ? Math.fround(Number(text.slice(0, -1))) : Number(text);
}

/** Points as `classes:x1,x2,label,x1,x2,label,…` (classes 0 for regression). */
export function formatPoints(data: {
  points: ArrayLike<number>;
  labels: ArrayLike<number>;
  count: number;
  classes: number;
}): string {
  const values: string[] = [];
  for (let i = 0; i < data.count; i++)
    values.push(
      formatExact(data.points[2 * i]),
      formatExact(data.points[2 * i + 1]),
      formatExact(data.labels[i]),
    );
  return `${data.classes}:${values.join(',')}`;
}

/** formatPoints' text back as raw numbers (checked by the caller); null when it has not that form. */
export function parsePoints(text: string): { classes: number; values: number[] } | null {
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  const classes = Number(text.slice(0, colon));
  const values = text
    .slice(colon + 1)
    .split(',')
    .map(parseExact);
  if (!Number.isInteger(classes) || values.some(Number.isNaN) || values.length % 3 !== 0) return null;
  return { classes, values };
}

/** A live change as a link writes it: the step, then `key:value` pairs or `W|b:layer:index:value`. */
export interface EventText {
  step: number;
  kind: 'set-training' | 'set-weight';
  patch?: Record<string, unknown>;
  layer?: number;
  param?: string;
  index?: number;
  value?: number;
}

/**
 * Events as `20:learningRate:3~40:W:1:5:0.25` (`~` between events): step 20 sets the learning rate
 * to 3, step 40 sets W2's entry 5 to 0.25. Only characters a URL fragment keeps as they are.
 */
export function formatEvents(
  events: readonly (
    | { step: number; kind: 'set-training'; patch: object }
    | { step: number; kind: 'set-weight'; layer: number; param: string; index: number; value: number }
  )[],
): string {
  return events
    .map((e) =>
      e.kind === 'set-training'
        ? [
            e.step,
            ...Object.entries(e.patch).flatMap(([k, v]) => [
              k,
              typeof v === 'number' ? formatExact(v) : String(v),
            ]),
          ].join(':')
        : [e.step, e.param, e.layer, e.index, formatExact(e.value)].join(':'),
    )
    .join('~');
}

/** formatEvents' text back as events to check (sanitizeEvents does), and the parts it could not read. */
export function parseEvents(text: string): { events: EventText[]; unreadable: string[] } {
  const events: EventText[] = [];
  const unreadable: string[] = [];
  for (const part of text.split('~')) {
    if (part === '') continue;
    const [stepText, ...fields] = part.split(':');
    const step = Number(stepText);
    if (!/^\d+$/.test(stepText)) {
      unreadable.push(part.slice(0, 40));
      continue;
    }
    if (fields[0] === 'W' || fields[0] === 'b') {
      const [param, layer, index, value] = fields;
      if (fields.length === 4)
        events.push({
          step,
          kind: 'set-weight',
          param,
          layer: Number(layer),
          index: Number(index),
          value: parseExact(value),
        });
      else unreadable.push(part.slice(0, 40));
      continue;
    }
    if (fields.length === 0 || fields.length % 2 !== 0) {
      unreadable.push(part.slice(0, 40));
      continue;
    }
    const patch: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i += 2) {
      const number = parseNumber(fields[i + 1]);
      patch[fields[i]] = typeof number === 'number' ? number : fields[i + 1];
    }
    events.push({ step, kind: 'set-training', patch });
  }
  return { events, unreadable };
}
