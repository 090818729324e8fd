/**
 * The timeline of live changes: set-training and set-weight events, each recorded at the step after
 * which it was made, applied before the next update (DESIGN.md "History and determinism"). Replaying
 * the same events from a keyframe gives the same run, bit for bit.
 */
import type { Dataset } from '../engine';
import { sanitizeConfig, TRAINING_KEYS, type RunConfig, type TrainingSettings } from '../model/config';
import type { OwnData } from '../model/outputs';
import { layerWidths, networkShape } from '../model/shape';
import type { TimelineEvent } from './protocol';
import { plainNumber } from '../model/format';

const SETTING_LABELS: Record<keyof TrainingSettings, string> = {
  learningRate: 'Learning rate',
  optimizer: 'Optimizer',
  beta: 'Momentum β',
  beta1: 'Adam β₁',
  beta2: 'Adam β₂',
  regularization: 'Regularization',
  regularizationRate: 'Regularization rate',
  batchSize: 'Batch size',
};

/** A value as an event's detail shows it. */
export function formatValue(v: unknown): string {
  return typeof v === 'number' ? plainNumber(v, 6) : String(v);
}

/** The live settings of a config. */
export function trainingOf(config: RunConfig): TrainingSettings {
  const out = {} as Record<string, unknown>;
  for (const key of TRAINING_KEYS) out[key] = config[key];
  return out as unknown as TrainingSettings;
}

/**
 * The live settings that differ from `current` to `next`, their values before, and the words for
 * them ("Learning rate 0.03 → 0.1"). `previous` lets a link recover the config the run started with.
 */
export function trainingChange(
  current: RunConfig,
  next: RunConfig,
): { patch: Partial<TrainingSettings>; previous: Partial<TrainingSettings>; detail: string } | null {
  const patch: Record<string, unknown> = {};
  const previous: Record<string, unknown> = {};
  const details: string[] = [];
  for (const key of TRAINING_KEYS) {
    if (next[key] !== current[key]) {
      patch[key] = next[key];
      previous[key] = current[key];
      details.push(`${SETTING_LABELS[key]} ${formatValue(current[key])} → ${formatValue(next[key])}`);
    }
  }
  return details.length === 0
    ? null
    : {
        patch: patch as Partial<TrainingSettings>,
        previous: previous as Partial<TrainingSettings>,
        detail: details.join(', '),
      };
}

/**
 * A set-training patch against the config in force: only the live settings are taken, sanitized for
 * the run's own data, with the change they make (null when they change nothing) and the notices.
 */
export function checkTrainingPatch(
  current: RunConfig,
  patch: Partial<TrainingSettings>,
  ownData: OwnData,
): { value: RunConfig; notices: string[]; change: ReturnType<typeof trainingChange> } {
  const picked: Record<string, unknown> = {};
  for (const key of TRAINING_KEYS)
    if (patch && key in patch) picked[key] = (patch as Record<string, unknown>)[key];
  const { value, notices } = sanitizeConfig({ ...current, ...picked }, current, ownData);
  return { value, notices, change: trainingChange(current, value) };
}

/**
 * The config a run started with, from its config now and its timeline: each live setting an event
 * changed takes the value from before the first such event (events record `previous`).
 */
export function baseConfigOf(config: RunConfig, events: readonly TimelineEvent[]): RunConfig {
  const base: Record<string, unknown> = { ...config };
  const seen = new Set<string>();
  for (const e of [...events].sort((a, b) => a.step - b.step)) {
    if (e.kind !== 'set-training' || !e.previous) continue;
    for (const [key, value] of Object.entries(e.previous)) {
      if (seen.has(key)) continue;
      seen.add(key);
      base[key] = value;
    }
  }
  return base as unknown as RunConfig;
}

/** A parameter's name as the timeline shows it: W2[3, 0] (row = input unit, column = unit) or b2[0]. */
export function parameterLabel(units: number, layer: number, kind: 'W' | 'b', index: number): string {
  return kind === 'W'
    ? `W${layer + 1}[${Math.floor(index / units)}, ${index % units}]`
    : `b${layer + 1}[${index}]`;
}

/** A live change as a link or a page hands it over: where and what, without the words. */
export type EventInput =
  | { step: number; kind: 'set-training'; patch: Record<string, unknown> }
  | { step: number; kind: 'set-weight'; layer: number; param: 'W' | 'b'; index: number; value: number };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Checks a timeline that came from outside the run (a link, a page's restart) against the run's
 * config and data, in step order, and writes each event's words as the run would. Never throws:
 * an event that does not fit (a step that is not a whole number in 0 … maxStep, an unknown or
 * out-of-range setting, a parameter the network does not have, a non-finite weight) is dropped and
 * named in `dropped` ("step 20: learningRate=abc").
 */
export function sanitizeEvents(
  input: unknown,
  base: RunConfig,
  customData: Dataset | null,
  maxStep: number,
): { events: TimelineEvent[]; dropped: string[] } {
  const events: TimelineEvent[] = [];
  const dropped: string[] = [];
  if (!Array.isArray(input)) return { events, dropped: input === undefined ? [] : ['the timeline'] };
  const shape = networkShape(base, customData);
  const widths = layerWidths(shape);
  const candidates = input
    .filter(isRecord)
    .map((e, order) => ({ e, order }))
    .sort((a, b) => Number(a.e.step) - Number(b.e.step) || a.order - b.order);
  if (candidates.length !== input.length) dropped.push('entries that are not events');
  let current = base;
  for (const { e } of candidates) {
    const step = e.step;
    const where = `step ${String(step).slice(0, 12)}`;
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 0 || step > maxStep) {
      dropped.push(`${where}: not a whole number in 0 … ${maxStep}`);
      continue;
    }
    if (e.kind === 'set-training') {
      const patch = isRecord(e.patch) ? e.patch : {};
      const keys = Object.keys(patch);
      const unknownKey = keys.find((k) => !(TRAINING_KEYS as readonly string[]).includes(k));
      const asked = keys.map((k) => `${k}=${String(patch[k]).slice(0, 20)}`).join(', ');
      if (keys.length === 0 || unknownKey !== undefined) {
        dropped.push(`${where}: ${asked || 'no setting'}`);
        continue;
      }
      const { value, notices } = sanitizeConfig({ ...current, ...patch }, current, customData);
      // A link asks for exact values: one the sanitizer had to change would not replay the run.
      const change = trainingChange(current, value);
      if (notices.length > 0 || !change || keys.some((k) => value[k as keyof RunConfig] !== patch[k])) {
        dropped.push(`${where}: ${asked}`);
        continue;
      }
      events.push({ step, kind: 'set-training', ...change });
      current = value;
    } else if (e.kind === 'set-weight') {
      const { layer, param, index, value } = e;
      const units = typeof layer === 'number' ? shape.sizes[layer] : undefined;
      const size =
        units !== undefined && Number.isInteger(layer)
          ? param === 'W'
            ? widths[layer as number] * units
            : param === 'b'
              ? units
              : 0
          : 0;
      if (
        units === undefined ||
        typeof index !== 'number' ||
        !Number.isInteger(index) ||
        index < 0 ||
        index >= size ||
        typeof value !== 'number' ||
        !Number.isFinite(value)
      ) {
        dropped.push(
          `${where}: weight ${String(param).slice(0, 2)} ${String(layer).slice(0, 4)} ${String(index).slice(0, 8)}`,
        );
        continue;
      }
      const kind = param as 'W' | 'b';
      events.push({
        step,
        kind: 'set-weight',
        layer: layer as number,
        param: kind,
        index,
        value,
        detail: `${parameterLabel(units, layer as number, kind, index)} set to ${formatValue(value)}`,
      });
    } else {
      dropped.push(`${where}: unknown change "${String(e.kind).slice(0, 20)}"`);
    }
  }
  return { events, dropped };
}

export class Timeline {
  events: TimelineEvent[] = [];
  /** Bumped on every change, so frames send the events only when they changed. */
  version = 0;
  /** Step of the first event not yet applied (≥ the current step), or Infinity. */
  nextEventStep = Infinity;

  /** Recomputes the next event from the current step. */
  refresh(step: number): void {
    this.nextEventStep = Infinity;
    for (const e of this.events)
      if (e.step >= step && e.step < this.nextEventStep) this.nextEventStep = e.step;
  }

  add(event: TimelineEvent, step: number): void {
    this.events.push(event);
    this.version++;
    this.refresh(step);
  }

  /** Replaces the whole timeline (a restored snapshot's). */
  replace(events: readonly TimelineEvent[], step: number): void {
    this.events = events.map((e) => ({ ...e }));
    this.version++;
    this.refresh(step);
  }

  /** The events recorded at step s, and moves `nextEventStep` past s. */
  takeEventsAt(s: number): TimelineEvent[] {
    const due = this.events.filter((e) => e.step === s);
    if (this.nextEventStep <= s) {
      this.nextEventStep = Infinity;
      for (const e of this.events) if (e.step > s && e.step < this.nextEventStep) this.nextEventStep = e.step;
    }
    return due;
  }

  /** Drops the events after step s; `step` is the current step. */
  truncateAfter(s: number, step: number): void {
    const before = this.events.length;
    this.events = this.events.filter((e) => e.step <= s);
    if (this.events.length !== before) this.version++;
    this.refresh(step);
  }

  /** `base` plus the set-training events in force at (or pending for) step `at`. */
  configAt(base: RunConfig, at: number): RunConfig {
    const config: RunConfig = { ...base };
    for (const e of this.events)
      if (e.kind === 'set-training' && e.step <= at) Object.assign(config, e.patch);
    return config;
  }
}
