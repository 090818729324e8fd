import { describe, expect, it } from 'vitest';
import {
  formatPhase,
  parsePhase,
  phaseAt,
  phaseFits,
  phaseIndex,
  phaseLabel,
  phasesEqual,
  phasesOfStep,
  phasesPerStep,
  shortStatus,
  statusStep,
  type Phase,
} from '../../src/model/phase';

describe('phase', () => {
  it('phasesOfStep(2) walks forward 1, forward 2, loss, backward 2, backward 1, update', () => {
    expect(phasesOfStep(2).map(formatPhase)).toEqual([
      'forward-1',
      'forward-2',
      'loss',
      'backward-2',
      'backward-1',
      'update',
    ]);
    expect(phasesPerStep(2)).toBe(6);
  });

  it('phaseIndex is the inverse of phaseAt for every phase of networks of 1 … 9 layers', () => {
    for (let L = 1; L <= 9; L++) {
      for (let i = 0; i <= phasesPerStep(L); i++) expect(phaseIndex(phaseAt(i, L), L)).toBe(i);
    }
  });

  it('statusStep names the step in progress inside a step and the completed count at ready and update', () => {
    expect(statusStep(4, { kind: 'ready' })).toBe(4);
    expect(statusStep(4, { kind: 'forward', layer: 0 })).toBe(5);
    expect(statusStep(4, { kind: 'backward', layer: 0 })).toBe(5);
    expect(statusStep(5, { kind: 'update' })).toBe(5);
    expect(shortStatus(4, { kind: 'loss' })).toBe('Step 5 · Loss');
    expect(shortStatus(4, { kind: 'ready' })).toBe('Step 4');
  });

  it('labels use the 1-based layer the UI shows', () => {
    expect(phaseLabel({ kind: 'backward', layer: 1 })).toBe('Backward · layer 2');
    expect(phaseLabel({ kind: 'ready' })).toBe('');
  });

  it('the URL form round-trips and refuses anything else', () => {
    for (const p of phasesOfStep(3)) expect(parsePhase(formatPhase(p))).toEqual(p);
    for (const bad of ['', 'forward', 'forward-0', 'backward-x', 'Loss', 'forward-100']) {
      expect(parsePhase(bad)).toBeNull();
    }
  });

  it('phasesEqual compares the kind and the layer', () => {
    const a: Phase = { kind: 'forward', layer: 1 };
    expect(phasesEqual(a, { kind: 'forward', layer: 1 })).toBe(true);
    expect(phasesEqual(a, { kind: 'backward', layer: 1 })).toBe(false);
    expect(phasesEqual(a, { kind: 'forward', layer: 0 })).toBe(false);
    expect(phasesEqual({ kind: 'loss' }, { kind: 'loss' })).toBe(true);
  });

  it('phaseFits refuses a layer outside the network', () => {
    expect(phaseFits({ kind: 'forward', layer: 2 }, 2)).toBe(false);
    expect(phaseFits({ kind: 'backward', layer: 1 }, 2)).toBe(true);
    expect(phaseFits({ kind: 'loss' }, 0)).toBe(true);
  });
});
