import { describe, expect, it } from 'vitest';
import { phasesOfStep } from '../../../src/model/phase';
import { phaseCaption } from '../../../src/views/network/phaseCaption';

describe('phaseCaption(): where in the network a phase happens, and which way the numbers flow', () => {
  it('names the layer and the quantities of each phase of a 2-layer network', () => {
    expect(phasesOfStep(2).map((p) => phaseCaption(p, 2))).toEqual([
      'Forward · layer 1: X → Z1 → A1 →',
      'Forward · layer 2: A1 → Z2 → ŷ →',
      'Loss: ŷ vs y → L, dZ2 ←',
      'Backward · layer 2: dZ2 → dW2, db2 · dA1, dZ1 ←',
      'Backward · layer 1: dZ1 → dW1, db1',
      "Update: every layer's W, b step against dW, db",
    ]);
  });

  it('says nothing at a step boundary', () => {
    expect(phaseCaption({ kind: 'ready' }, 3)).toBe('');
  });
});
