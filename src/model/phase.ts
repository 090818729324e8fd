/**
 * The phases of one training step, defined once for the worker, the store, the views and the URL.
 *
 *   ready → forward 1 … forward L → loss → backward L … backward 1 → update
 *
 * `layer` is 0-based, as in the engine (`Z[0]` is Z1); the UI and the URL show `layer + 1`.
 * `ready` is a step boundary (after init, restart, seek, Step and Play). From `update`, one more
 * "step layer" starts the next step at forward 1.
 *
 * A phase also has an index inside its step, which is what the worker's step-layer arithmetic and
 * the link's "step, then k phases" replay use:
 *   0 ready, 1 … L forward 0 … L−1, L+1 loss, L+2 … 2L+1 backward L−1 … 0, 2L+2 update.
 */
export type Phase =
  | { kind: 'ready' }
  | { kind: 'forward'; layer: number }
  | { kind: 'loss' }
  | { kind: 'backward'; layer: number }
  | { kind: 'update' };

export type PhaseKind = Phase['kind'];

export const READY: Phase = Object.freeze({ kind: 'ready' });

/** Phases in one step after `ready`: L forward, the loss, L backward, the update. */
export function phasesPerStep(L: number): number {
  return 2 * L + 2;
}

/** The index of the last phase of a step (the update). */
export function updateIndex(L: number): number {
  return phasesPerStep(L);
}

/** The phase at `index` (0 … 2L+2) of a step of a network with L weight layers. */
export function phaseAt(index: number, L: number): Phase {
  if (index <= 0) return { kind: 'ready' };
  if (index <= L) return { kind: 'forward', layer: index - 1 };
  if (index === L + 1) return { kind: 'loss' };
  if (index <= 2 * L + 1) return { kind: 'backward', layer: 2 * L + 1 - index };
  return { kind: 'update' };
}

/** The index of `phase` inside its step: how many "step layer" commands reach it from `ready`. */
export function phaseIndex(phase: Phase, L: number): number {
  switch (phase.kind) {
    case 'ready':
      return 0;
    case 'forward':
      return phase.layer + 1;
    case 'loss':
      return L + 1;
    case 'backward':
      return 2 * L + 1 - phase.layer;
    case 'update':
      return updateIndex(L);
    default: {
      const never: never = phase;
      return never;
    }
  }
}

/** Every phase of one step in order, from forward 1 to the update (what "step layer" walks through). */
export function phasesOfStep(L: number): Phase[] {
  return Array.from({ length: phasesPerStep(L) }, (_, i) => phaseAt(i + 1, L));
}

export function phasesEqual(a: Phase, b: Phase): boolean {
  if (a.kind !== b.kind) return false;
  if ((a.kind === 'forward' || a.kind === 'backward') && (b.kind === 'forward' || b.kind === 'backward')) {
    return a.layer === b.layer;
  }
  return true;
}

/** Whether the phase has a layer, and the layer is inside a network of L weight layers. */
export function phaseFits(phase: Phase, L: number): boolean {
  return phase.kind !== 'forward' && phase.kind !== 'backward'
    ? true
    : Number.isInteger(phase.layer) && phase.layer >= 0 && phase.layer < L;
}

/** The words for a phase, as the status line says them ("Forward · layer 2"); '' at a boundary. */
export function phaseLabel(phase: Phase): string {
  switch (phase.kind) {
    case 'ready':
      return '';
    case 'forward':
      return `Forward · layer ${phase.layer + 1}`;
    case 'loss':
      return 'Loss';
    case 'backward':
      return `Backward · layer ${phase.layer + 1}`;
    case 'update':
      return 'Update';
    default: {
      const never: never = phase;
      return String(never);
    }
  }
}

/**
 * The step the status names, given the run's count of completed updates: at a boundary and in the
 * update phase the count itself (the worker counts the update as it applies it), inside forward …
 * backward the step in progress, one more.
 */
export function statusStep(completedSteps: number, phase: Phase): number {
  return phase.kind === 'ready' || phase.kind === 'update' ? completedSteps : completedSteps + 1;
}

/** "Step 12" at a boundary, "Step 12 · Backward · layer 2" inside a step. */
export function shortStatus(completedSteps: number, phase: Phase): string {
  const words = phaseLabel(phase);
  const step = statusStep(completedSteps, phase);
  return words ? `Step ${step} · ${words}` : `Step ${step}`;
}

/** The URL form: 'ready', 'loss', 'update', or 'forward-N' / 'backward-N' with a 1-based layer. */
export function formatPhase(phase: Phase): string {
  return phase.kind === 'forward' || phase.kind === 'backward'
    ? `${phase.kind}-${phase.layer + 1}`
    : phase.kind;
}

/** Reads the URL form; null when it is not one (the caller says so and falls back). */
export function parsePhase(text: string): Phase | null {
  if (text === 'ready' || text === 'loss' || text === 'update') return { kind: text };
  const match = /^(forward|backward)-([1-9]\d?)$/.exec(text);
  if (!match) return null;
  return { kind: match[1] as 'forward' | 'backward', layer: Number(match[2]) - 1 };
}
