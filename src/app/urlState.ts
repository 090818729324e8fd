/**
 * The URL hash holds every setting and the seed, so a link reproduces the run,
 * plus optionally a playback position ("step 120, backward, layer 2") and
 * Playground-style `<control>_hide=true` flags that hide controls for a class.
 *
 *   #dataset=xor&hiddenLayers=16&activation=relu&learningRate=0.1&seed=7&step=120&phase=backward-2
 *
 * and the playback speed (`speed=10`, `speed=max`) when it is not the page's default.
 *
 * A link that reproduces a run exactly also carries what the settings cannot say: the live changes
 * made during the run (`events=20:learningRate:3`, replayed at their steps) and the user's own points
 * (`data=2:x1,x2,label,…`, exact values; with `plane=1` when they lie on a tighter plane than
 * [−6, 6], as a model file's points may). Formats in hashValues.ts.
 *
 * Parsing never throws: any hash, however malformed, gives a usable config;
 * what could not be used is reported in `notices` for the page to show.
 * A TensorFlow Playground link is recognised and translated (playgroundLink.ts).
 */
import { MAX_CLASSES, MAX_POINTS, type Dataset } from '../engine';
import { DEFAULT_CONFIG, sanitizeConfig, type RunConfig } from '../model/config';
import { formatPhase, parsePhase, phaseFits, type Phase } from '../model/phase';
import { fittedPlaneHalfWidth, PLANE_HALF_WIDTH, PLANE_HALF_WIDTHS, planeHalfWidthOf } from '../model/plane';
import { networkShape } from '../model/shape';
import { SPEED_LIMITS, type Speed, type TimelineEvent } from '../worker/protocol';
import { MAX_SEEK_STEP } from '../worker/runTypes';
import { sanitizeEvents } from '../worker/timeline';
import {
  formatEvents,
  formatPoints,
  parseBoolean,
  parseEvents,
  parseNumber,
  parsePoints,
} from './hashValues';
import { fromPlayground, isPlaygroundKey, isPlaygroundLink } from './playgroundLink';
import { formatCount } from '../model/format';

/** Where playback should open: after `step` updates, at `phase`. */
export interface PlaybackPosition {
  step: number;
  phase: Phase;
}

export interface UrlState {
  config: RunConfig;
  position: PlaybackPosition | null;
  /** Names of controls to hide (from `<name>_hide=true`). */
  hidden: string[];
  /** The decision boundary's view toggles, when the link sets them (Playground's names). */
  view: ViewFlags;
  /** Playback speed, when the link sets a valid one (else the page keeps its own). */
  speed: Speed | null;
  /** The user's own points the link carries, or null for the generated data. */
  customData: Dataset | null;
  /** Live changes to replay at their steps (checked against the config and the data). */
  events: TimelineEvent[];
  notices: string[];
}

/** What a link carries beyond the settings to reproduce a run exactly. */
export interface LinkRun {
  customData: Dataset | null;
  events: readonly TimelineEvent[];
}

/** View toggles a link may carry, under Playground's names `showTestData` and `discretize`. */
export interface ViewFlags {
  showTestPoints?: boolean;
  discretize?: boolean;
}

/**
 * Longest hash we write into a link: link sharing tools and some browsers cut longer addresses
 * (Chrome keeps 2 MB, but chat apps and URL shorteners do not). A run that needs more is shared
 * as a model file instead.
 */
export const LINK_HASH_LIMIT = 8000;
/**
 * Longest hash we read; anything longer is ignored as a whole. Links we write stay under
 * LINK_HASH_LIMIT; reading allows some slack for hand-edited links, not a data channel.
 */
const MAX_HASH_LENGTH = 2 * LINK_HASH_LIMIT;
/**
 * Furthest a link may ask playback to seek: the worker's seek limit (runTypes.ts MAX_SEEK_STEP),
 * so a link to any step the sender reached reopens there (replayed in chunks, with progress).
 */
export const MAX_LINK_STEP = MAX_SEEK_STEP;

const NUMBER_KEYS = new Set<keyof RunConfig>([
  'classes',
  'noise',
  'trainPercent',
  'datasetSize',
  'initScale',
  'seed',
  'learningRate',
  'beta',
  'beta1',
  'beta2',
  'regularizationRate',
  'batchSize',
]);
const LIST_KEYS = new Set<keyof RunConfig>(['features', 'hiddenLayers']);
const CONFIG_KEYS = new Set<string>(Object.keys(DEFAULT_CONFIG));

/** A link's `speed`: 'max' or steps per second within SPEED_LIMITS; null for anything else. */
export function parseSpeed(text: string): Speed | null {
  if (text === 'max') return 'max';
  const value = parseNumber(text);
  if (typeof value !== 'number' || value < SPEED_LIMITS.min || value > SPEED_LIMITS.max) return null;
  return value;
}

export function parseHash(hash: string): UrlState {
  const notices: string[] = [];
  let text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text.length > MAX_HASH_LENGTH) {
    notices.push(
      `The link's settings are too long (${text.length} characters) and were ignored; using the defaults.`,
    );
    text = '';
  }
  const raw: Record<string, unknown> = {};
  const hidden: string[] = [];
  let view: ViewFlags = {};
  let stepText: string | null = null;
  let phaseText: string | null = null;
  let speed: Speed | null = null;
  let dataText: string | null = null;
  let planeText: string | null = null;
  let eventsText: string | null = null;
  const unknown: string[] = [];

  const pairs: [string, string][] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    try {
      pairs.push([
        decodeURIComponent(eq < 0 ? part : part.slice(0, eq)),
        eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' ')),
      ]);
    } catch {
      notices.push(`Ignored a part of the link that is not valid URL encoding: "${part.slice(0, 40)}".`);
    }
  }
  const playground = isPlaygroundLink(pairs.map(([key]) => key));
  if (playground) {
    const translated = fromPlayground(pairs);
    Object.assign(raw, translated.raw);
    view = translated.view;
    notices.push(...translated.notices);
  }

  for (const [key, value] of pairs) {
    if (key.endsWith('_hide')) {
      if (value === 'true' || value === '1') hidden.push(key.slice(0, -'_hide'.length));
      continue;
    }
    if (key === 'step') {
      stepText = value;
      continue;
    }
    if (key === 'phase') {
      phaseText = value;
      continue;
    }
    if (key === 'speed') {
      speed = parseSpeed(value);
      if (speed === null)
        notices.push(
          `Ignored speed="${value.slice(0, 20)}": it is max or a number of steps per second in ${SPEED_LIMITS.min} … ${SPEED_LIMITS.max}.`,
        );
      continue;
    }
    if (key === 'data') {
      dataText = value;
      continue;
    }
    if (key === 'plane') {
      planeText = value;
      continue;
    }
    if (key === 'events') {
      eventsText = value;
      continue;
    }
    if (playground && isPlaygroundKey(key)) continue;
    if (key === 'showTestData' || key === 'discretize') {
      const flag = parseBoolean(value);
      if (flag === null) notices.push(`Ignored ${key}="${value.slice(0, 20)}": it is true or false.`);
      else view = { ...view, [key === 'showTestData' ? 'showTestPoints' : 'discretize']: flag };
      continue;
    }
    if (!CONFIG_KEYS.has(key)) {
      unknown.push(key.slice(0, 40));
      continue;
    }
    const configKey = key as keyof RunConfig;
    if (LIST_KEYS.has(configKey)) {
      const items = value === '' ? [] : value.split(',');
      raw[configKey] = configKey === 'hiddenLayers' ? items.map(parseNumber) : items;
    } else if (NUMBER_KEYS.has(configKey)) {
      raw[configKey] = parseNumber(value);
    } else {
      raw[configKey] = value;
    }
  }
  if (unknown.length > 0)
    notices.push(
      `Ignored unknown settings in the link: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}.`,
    );

  const customData =
    dataText === null ? null : withPlane(parseLinkData(dataText, notices), planeText, notices);
  // The user's own points decide which outputs fit, whatever dataset the config names.
  const { value: config, notices: configNotices } = sanitizeConfig(raw, DEFAULT_CONFIG, customData);
  notices.push(...configNotices);
  const events = eventsText === null ? [] : parseLinkEvents(eventsText, config, customData, notices);

  let position: PlaybackPosition | null = null;
  if (stepText !== null || phaseText !== null) {
    const step = stepText === null ? 0 : Number(stepText);
    const phase = phaseText === null ? { kind: 'ready' as const } : parsePhase(phaseText);
    const layers = networkShape(config).L;
    if (!Number.isInteger(step) || step < 0 || step > MAX_LINK_STEP) {
      notices.push(
        `The link's step "${String(stepText).slice(0, 20)}" is not a whole number in 0 … ${formatCount(MAX_LINK_STEP)}; the link's step was ignored.`,
      );
    } else if (phase === null) {
      notices.push(
        `The link's phase "${String(phaseText).slice(0, 20)}" is not one of ready, forward-N, loss, backward-N, update; starting at step ${step}.`,
      );
      position = { step, phase: { kind: 'ready' } };
    } else if ((phase.kind === 'forward' || phase.kind === 'backward') && !phaseFits(phase, layers)) {
      notices.push(
        `The link asks for layer ${phase.layer + 1}, but the network has ${layers} layers; starting at step ${step}.`,
      );
      position = { step, phase: { kind: 'ready' } };
    } else {
      position = { step, phase };
    }
  }
  return { config, position, hidden: [...new Set(hidden)], view, speed, customData, events, notices };
}

/** A link's `data=` as a dataset, or null (with a notice) when any part of it is not valid. */
function parseLinkData(text: string, notices: string[]): Dataset | null {
  const parsed = parsePoints(text);
  const reject = (why: string): null => {
    notices.push(`Ignored the link's own points (${why}); using the generated data.`);
    return null;
  };
  if (!parsed) return reject('they are not numbers in the form classes:x1,x2,label,…');
  const { classes, values } = parsed;
  const count = values.length / 3;
  if (classes !== 0 && (classes < 2 || classes > MAX_CLASSES))
    return reject(`${classes} classes: 0 (regression) or 2 … ${MAX_CLASSES}`);
  if (count < 1 || count > MAX_POINTS) return reject(`${count} points: 1 … ${MAX_POINTS}`);
  const points = new Float64Array(2 * count);
  const labels = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const [x1, x2, label] = values.slice(3 * i, 3 * i + 3);
    if (!Number.isFinite(x1) || !Number.isFinite(x2)) return reject(`point ${i + 1} is not finite`);
    const labelOk =
      classes === 0 ? Math.abs(label) <= 1 : Number.isInteger(label) && label >= 0 && label < classes;
    if (!labelOk)
      return reject(
        `point ${i + 1}'s label ${label} is not ${classes === 0 ? 'a value in −1 … 1' : `a class 0 … ${classes - 1}`}`,
      );
    points[2 * i] = x1;
    points[2 * i + 1] = x2;
    labels[i] = label;
  }
  return { points, labels, count, classes };
}

/** The link's own points on the plane `plane=` names (checked: one of PLANE_HALF_WIDTHS holding them). */
function withPlane(data: Dataset | null, planeText: string | null, notices: string[]): Dataset | null {
  if (data === null || planeText === null) return data;
  const planeHalfWidth = Number(planeText);
  const fits = PLANE_HALF_WIDTHS.includes(planeHalfWidth);
  if (fits && fittedPlaneHalfWidth(data.points, data.count) <= planeHalfWidth)
    return { ...data, planeHalfWidth };
  notices.push(
    `Ignored plane="${planeText.slice(0, 20)}": it is ${PLANE_HALF_WIDTHS.join(', ')} and holds the link's points; using [−6, 6].`,
  );
  return data;
}

/** A link's `events=` checked against the run it replays; notices name what was dropped. */
function parseLinkEvents(
  text: string,
  config: RunConfig,
  customData: Dataset | null,
  notices: string[],
): TimelineEvent[] {
  const { events: candidates, unreadable } = parseEvents(text);
  const { events, dropped } = sanitizeEvents(candidates, config, customData, MAX_LINK_STEP);
  const ignored = [...unreadable, ...dropped];
  if (ignored.length > 0)
    notices.push(
      `Ignored live changes in the link that do not fit this run: ${ignored.slice(0, 10).join('; ')}${ignored.length > 10 ? '; …' : ''}.`,
    );
  return events;
}

/**
 * The hash for a config (only settings that differ from the defaults), position, hidden controls and
 * view toggles (written only when on, as they are off by default), speed (written when given:
 * callers pass null for the page's default speed, so a link does not pin it) and, for an exact
 * replay, the run's live changes and own points (`config` is then the config the run started with).
 */
export function formatHash(
  config: RunConfig,
  position: PlaybackPosition | null = null,
  hidden: readonly string[] = [],
  view: ViewFlags = {},
  speed: Speed | null = null,
  link: LinkRun = { customData: null, events: [] },
): string {
  const parts: string[] = [];
  for (const key of Object.keys(DEFAULT_CONFIG) as (keyof RunConfig)[]) {
    const value = config[key];
    const fallback = DEFAULT_CONFIG[key];
    const text = Array.isArray(value) ? value.join(',') : String(value);
    const defaultText = Array.isArray(fallback) ? fallback.join(',') : String(fallback);
    // The seed is always written: a link should pin it even when it is the default.
    if (text !== defaultText || key === 'seed')
      parts.push(`${key}=${encodeURIComponent(text).replace(/%2C/g, ',')}`);
  }
  if (position) {
    parts.push(`step=${position.step}`);
    if (position.phase.kind !== 'ready') parts.push(`phase=${formatPhase(position.phase)}`);
  }
  if (view.showTestPoints) parts.push('showTestData=true');
  if (view.discretize) parts.push('discretize=true');
  if (speed !== null) parts.push(`speed=${String(speed)}`);
  for (const name of hidden) parts.push(`${encodeURIComponent(name)}_hide=true`);
  // Both are plain digits, letters and . - , : ~ (hashValues.ts), which a URL fragment keeps as is.
  if (link.events.length > 0) parts.push(`events=${formatEvents(link.events)}`);
  if (link.customData) parts.push(`data=${formatPoints(link.customData)}`);
  // The plane the points belong to, when tighter than [−6, 6] (a model file's points, model/plane.ts).
  const plane = link.customData ? planeHalfWidthOf(link.customData) : PLANE_HALF_WIDTH;
  if (plane !== PLANE_HALF_WIDTH) parts.push(`plane=${plane}`);
  return `#${parts.join('&')}`;
}
