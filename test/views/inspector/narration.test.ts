/**
 * The status line says the same equations the inspector draws: both come from the per-phase
 * equation model, so a phase whose equation gains a term (squared error through a tanh output
 * multiplies by 1 − ŷ²) says it in both places.
 */
import { describe, expect, it } from 'vitest';
import { inspectorModel } from '../../../src/views/inspector/inspectorModel';
import { layerShapesOf, narratePhase } from '../../../src/views/inspector/narration';
import { DEFAULT_CONFIG, type RunConfig } from '../../../src/model/config';
import { realFrame } from '../../helpers/realStore';

describe('narratePhase(): the loss phase says the inspector’s dZ equation', () => {
  it('tanh output with squared error: dZ carries ⊙ (1 − ŷ²)', () => {
    const config: RunConfig = { ...DEFAULT_CONFIG, hiddenLayers: [3], output: 'tanh-mse' };
    expect(narratePhase(3, { kind: 'loss' }, layerShapesOf(config, 4, { lossValue: 0.25 }))).toBe(
      'Step 3 · Loss: squared error = 0.25; dZ2 = (ŷ − y) / n ⊙ (1 − ŷ²), (4×1)',
    );
  });

  it('sigmoid output with binary cross-entropy: the error alone', () => {
    const config: RunConfig = { ...DEFAULT_CONFIG, hiddenLayers: [3], output: 'sigmoid-bce' };
    expect(narratePhase(3, { kind: 'loss' }, layerShapesOf(config, 4))).toBe(
      'Step 3 · Loss: binary cross-entropy; dZ2 = (ŷ − y) / n, (4×1)',
    );
  });

  for (const output of ['sigmoid-bce', 'tanh-mse', 'linear-mse', 'softmax-ce'] as const) {
    it(`${output}: the status line's dZ equation is the one the inspector draws`, () => {
      const config: RunConfig = { ...DEFAULT_CONFIG, hiddenLayers: [3], output };
      const frame = realFrame(config, { phase: { kind: 'loss' } });
      const drawn = inspectorModel(frame, config).equations[1].text;
      const said = narratePhase(1, { kind: 'loss' }, layerShapesOf(config, frame.batch?.n ?? 1));
      expect(said).toContain(`; ${drawn}, (`);
    });
  }
});
