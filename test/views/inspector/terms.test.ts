/**
 * Every matrix and operand says which quantity of which layer it is as typed fields (its Term), so
 * the inspector never reads that back out of a name or an id. The Term must agree with where the
 * numbers come from, and with the name drawn.
 */
import { describe, expect, it } from 'vitest';
import { phasesOfStep } from '../../../src/model/phase';
import { inspectorModel } from '../../../src/views/inspector/inspectorModel';
import { termName, type Term } from '../../../src/views/inspector/notation';
import { DEFAULT_CONFIG, type RunConfig } from '../../../src/model/config';
import { realFrame } from '../../helpers/realStore';

/** The frame array a Term reads (the test's own map from the protocol's fields). */
function expectedSource(term: Term): string | null {
  const l = term.layer;
  switch (term.quantity) {
    case 'X':
      return 'batch.X';
    case 'Y':
      return 'batch.Y';
    case 'A':
    case 'Z':
    case 'dZ':
    case 'dA':
    case 'dW':
    case 'db':
      return `batch.${term.quantity}[${l}]`;
    case 'W':
    case 'b':
      return `${term.when === 'before' ? 'prevParams' : 'params'}[${l}].${term.quantity}`;
    case 'velocity':
      return `optimizerSlots.velocity[${l}].${term.of}`;
    default:
      return null; // derived in the inspector: f′(Z), per-example loss terms, g, m̂, v̂, ΔW
  }
}

describe('typed terms', () => {
  const config: RunConfig = { ...DEFAULT_CONFIG, hiddenLayers: [4, 3], output: 'tanh-mse' };
  const L = config.hiddenLayers.length + 1;

  for (const phase of phasesOfStep(L)) {
    it(`${phase.kind}${'layer' in phase ? ` ${phase.layer + 1}` : ''}: each matrix's term names it and locates its numbers`, () => {
      const frame = realFrame(config, { phase });
      const model = inspectorModel(frame, config);
      for (const eq of model.equations) {
        expect(eq.operators).toHaveLength(Math.max(0, eq.matrices.length - 1));
        for (const m of eq.matrices) {
          expect(m.name).toBe(termName(m.term, L));
          expect(m.transposed).toBe(m.term.transposed === true);
          const source = expectedSource(m.term);
          if (source === null) expect(m.source.startsWith('derived')).toBe(true);
          else expect(m.source).toBe(source);
        }
        for (const t of [...eq.operands, eq.result]) expect(t.name).toBe(termName(t.term, L));
      }
    });
  }

  it('the update shows each parameter before and after the step, with its gradient and the step taken between', () => {
    const frame = realFrame(config, { phase: { kind: 'update' } });
    const eq = inspectorModel(frame, config).equations.find(
      (e) => e.result.term.quantity === 'b' && e.result.term.layer === 1,
    )!;
    expect(eq.matrices.map((m) => m.term)).toEqual([
      { quantity: 'b', layer: 1, when: 'before' },
      { quantity: 'db', layer: 1 },
      { quantity: 'delta', layer: 1, of: 'b' },
      { quantity: 'b', layer: 1, when: 'after' },
    ]);
    expect(eq.matrices.map((m) => m.name)).toEqual(['b2 before', 'db2', 'Δb2', 'b2 after']);
  });
});
