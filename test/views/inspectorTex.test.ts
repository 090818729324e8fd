/**
 * Every equation the inspector can show is valid TeX for temml, and temml suits our CSP.
 * - temml.renderToString with throwOnError: true accepts every TeX string inspectorModel produces
 *   (all phases, every activation, loss and optimizer), so no learner ever sees a red parse error;
 * - temml's bundle uses neither eval nor new Function (index.html's CSP forbids both);
 * - nothing imports temml statically, so it stays out of the initial bundle (MathTex loads it with
 *   a dynamic import()).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import temml from 'temml';
import { describe, expect, it } from 'vitest';
import type { Activation } from '../../src/engine';
import { phasesOfStep } from '../../src/model/phase';
import { inspectorModel } from '../../src/views/inspector/inspectorModel';
import { DEFAULT_CONFIG, type OutputKind, type RunConfig } from '../../src/model/config';
import { realFrame } from '../helpers/realStore';

function allTex(config: RunConfig): string[] {
  const L = config.hiddenLayers.length + 1;
  const out: string[] = [];
  for (const phase of [{ kind: 'ready' as const }, ...phasesOfStep(L)]) {
    // After one step, so the ready phase shows its batch too.
    const frame = realFrame(config, { steps: 1, phase });
    const model = inspectorModel(frame, config);
    for (const eq of model.equations) out.push(eq.tex);
    if (model.loss) out.push(model.loss.tex);
    if (model.update) out.push(model.update.tex);
  }
  return out;
}

describe('inspector TeX renders with temml', { timeout: 60_000 }, () => {
  const outputs: [OutputKind, Partial<RunConfig>][] = [
    ['sigmoid-bce', {}],
    ['tanh-mse', {}],
    ['linear-mse', { dataset: 'plane' }],
    ['softmax-ce', { dataset: 'blobs', classes: 3 }],
  ];
  const activations: Activation[] = ['relu', 'leaky-relu', 'tanh', 'sigmoid', 'linear'];

  it('every equation of every phase parses (throwOnError) for every activation, output and optimizer', () => {
    // Many equations repeat across settings: render each distinct one once.
    const texts = new Set<string>();
    for (const [output, patch] of outputs) {
      for (const activation of activations) {
        for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
          const config: RunConfig = {
            ...DEFAULT_CONFIG,
            ...patch,
            output,
            activation,
            optimizer,
            hiddenLayers: [3, 2],
            regularization: optimizer === 'adam' ? 'l2' : optimizer === 'momentum' ? 'l1' : 'none',
            regularizationRate: 0.001,
          };
          for (const tex of allTex(config)) texts.add(tex);
        }
      }
    }
    let count = 0;
    for (const tex of texts) {
      const html = temml.renderToString(tex, { displayMode: true, throwOnError: true });
      expect(html, tex).toContain('<math');
      expect(html, tex).not.toContain('merror');
      count++;
    }
    expect(count).toBeGreaterThan(50);
  });

  it("temml's bundle uses no eval and no new Function (our CSP forbids them)", () => {
    const source = readFileSync(join(process.cwd(), 'node_modules/temml/dist/temml.mjs'), 'utf8');
    expect(source).not.toMatch(/\bnew\s+Function\s*\(/);
    expect(source).not.toMatch(/(^|[^.\w])eval\s*\(/m);
  });

  it('src imports temml only dynamically', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|tsx)$/.test(name)) files.push(path);
      }
    };
    walk(join(process.cwd(), 'src'));
    const staticImports = files.filter((f) =>
      /^\s*import\s[^;]*from\s+['"]temml['"]/m.test(readFileSync(f, 'utf8')),
    );
    expect(staticImports).toEqual([]);
    expect(readFileSync(join(process.cwd(), 'src/views/inspector/MathTex.tsx'), 'utf8')).toContain(
      "import('temml')",
    );
  });
});
