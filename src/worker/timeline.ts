/**
 * The timeline of live changes: set-training and set-weight events, each recorded at the step after
 * which it was made, applied before the next update (DESIGN.md "History and determinism"). Replaying
 * the same events from a keyframe gives the same run, bit for bit.
 */
import { TRAINING_KEYS, type RunConfig, type TrainingSettings } from '../model/config';
import type { TimelineEvent } from './protocol';

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
  return typeof v === 'number' ? String(+v.toPrecision(6)) : String(v);
}

/** The live settings of a config. */
export function trainingOf(config: RunConfig): TrainingSettings {
  const out = {} as Record<string, unknown>;
  for (const key of TRAINING_KEYS) out[key] = config[key];
  return out as unknown as TrainingSettings;
}

/** The live settings that differ from `current` to `next`, and the words for them ("Learning rate 0.03 → 0.1"). */
export function trainingChange(
  current: RunConfig,
  next: RunConfig,
): { patch: Partial<TrainingSettings>; detail: string } | null {
  const patch: Partial<TrainingSettings> = {};
  const details: string[] = [];
  for (const key of TRAINING_KEYS) {
    if (next[key] !== current[key]) {
      (patch as Record<string, unknown>)[key] = next[key];
      details.push(`${SETTING_LABELS[key]} ${formatValue(current[key])} → ${formatValue(next[key])}`);
    }
  }
  return details.length === 0 ? null : { patch, detail: details.join(', ') };
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
