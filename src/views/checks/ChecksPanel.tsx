/**
 * The practical checks (content of the "Checks" region), the seed article's four, live:
 *   1. Gradient check: finite differences against backprop, per layer, with a verdict, a
 *      numeric-vs-analytic scatter and a teaching toggle that breaks layer 1's activation derivative.
 *   2. Overfit a tiny dataset: 8 training points, a roomy network, Adam; did the loss reach ~0?
 *   3. Loss watch: divergence (the worker pauses itself) or a sustained rise above the best loss so
 *      far (this panel pauses): says what happened and offers a rewind and a lower learning rate.
 *   4. Saturation watch: per layer, histograms of A and Z, % saturated / % dead, the gradient norm
 *      per layer over time (log scale), and a warning in words when gradients vanish or explode.
 *
 * The judgements are pure functions exported from here (verdictWords, detectLossRise,
 * gradientWarning, overfitOutcome), so tests can check the words; the components lay them out.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { CSSProperties } from 'react';
import { line as d3line, scaleLinear, scaleLog } from 'd3';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand';
import {
  GRADIENT_CHECK_GOOD,
  GRADIENT_CHECK_SUSPICIOUS,
  gradientCheckVerdict,
  type Activation,
  type GradientCheckResult,
} from '../../engine';
import type { AppState } from '../../store/types';
import { needsRestart, OUTPUTS, type RunConfig } from '../../model/config';
import type { Frame, LayerHealth } from '../../worker/protocol';
import { CLASS_COLORS } from '../shared/colors';
import { useStoreApi } from '../shared/useStoreApi';
import { formatValue } from '../inspector/inspectorModel';
import { useThrottledFrame } from '../inspector/useThrottledFrame';
import { histogram } from './histogram';

// ---------------------------------------------------------------------------------------------------
// Pure judgements

export type Verdict = 'good' | 'suspicious' | 'wrong';

export const VERDICT_STYLE: Record<Verdict, { icon: string; color: string; word: string }> = {
  good: { icon: '✓', color: '#1a7f37', word: 'good' },
  suspicious: { icon: '⚠', color: '#9a6700', word: 'suspicious' },
  wrong: { icon: '✗', color: '#cf222e', word: 'wrong' },
};

/** One sentence for a verdict, as the panel shows it. */
export function verdictWords(verdict: Verdict): string {
  switch (verdict) {
    case 'good':
      return `Good: backprop agrees with finite differences (relative error below ${formatValue(GRADIENT_CHECK_GOOD)}).`;
    case 'suspicious':
      return `Suspicious: relative error between ${formatValue(GRADIENT_CHECK_GOOD)} and ${formatValue(GRADIENT_CHECK_SUSPICIOUS)}. Often a ReLU input sitting near its kink at 0; otherwise a subtle bug.`;
    case 'wrong':
      return `Wrong: relative error of ${formatValue(GRADIENT_CHECK_SUSPICIOUS)} or more. The backward pass does not compute the gradient of the loss.`;
  }
}

export interface LossRise {
  bestStep: number;
  bestLoss: number;
  currentLoss: number;
  /** Steps the loss has stayed up (from the first point of the raised window). */
  sinceStep: number;
}

/**
 * A sustained rise of the loss well above the best so far: the last `window` points are all above
 * max(factor × best, best + margin) and span at least `minSteps` steps. Null when the loss is fine.
 */
export function detectLossRise(
  steps: ArrayLike<number>,
  losses: ArrayLike<number>,
  {
    window = 5,
    factor = 3,
    margin = 0.3,
    minSteps = 20,
  }: { window?: number; factor?: number; margin?: number; minSteps?: number } = {},
): LossRise | null {
  const count = Math.min(steps.length, losses.length);
  if (count <= window) return null;
  let best = Infinity;
  let bestStep = 0;
  for (let i = 0; i < count - window; i++) {
    const v = losses[i];
    if (Number.isFinite(v) && v < best) {
      best = v;
      bestStep = steps[i];
    }
  }
  if (!Number.isFinite(best)) return null;
  const threshold = Math.max(factor * best, best + margin);
  for (let i = count - window; i < count; i++) {
    const v = losses[i];
    if (!(v > threshold)) return null; // NaN counts as raised only through `diverged`, not here
  }
  const sinceStep = steps[count - window];
  if (steps[count - 1] - sinceStep < minSteps) return null;
  return { bestStep, bestLoss: best, currentLoss: losses[count - 1], sinceStep };
}

export interface GradientWarning {
  kind: 'vanishing' | 'exploding';
  text: string;
}

/** Vanishing: layer 1's ‖dW‖ < 1e-6 while the last layer's is far larger. Exploding: any ‖dW‖ > 1e3. */
export function gradientWarning(
  health: readonly LayerHealth[],
  activation?: Activation,
): GradientWarning | null {
  const norms = health.map((h) => h.gradientNorm);
  if (norms.length === 0 || norms.some((v) => v === null)) return null;
  const values = norms as number[];
  const worst = values.reduce((best, v, l) => (!(v <= values[best]) ? l : best), 0);
  if (!Number.isFinite(values[worst]) || values[worst] > 1e3) {
    return {
      kind: 'exploding',
      text:
        `Gradients are exploding: layer ${worst + 1}'s gradient norm is ${formatValue(values[worst])}. ` +
        'Steps this big throw the weights far away; lower the learning rate, or use a smaller initialization.',
    };
  }
  const L = values.length;
  if (L >= 2) {
    const first = values[0];
    const last = values[L - 1];
    if (first < 1e-6 && last > 100 * first && last > 1e-9) {
      const hint =
        activation === 'sigmoid'
          ? ' Sigmoid’s slope is at most 0.25, so every layer shrinks the gradient; try tanh or ReLU, fewer layers, or Xavier/He initialization.'
          : activation === 'relu'
            ? ' With ReLU this usually means dead units (always 0, so they pass no gradient); try a lower learning rate, leaky ReLU or He initialization.'
            : ' Try fewer layers, another activation, or Xavier/He initialization.';
      return {
        kind: 'vanishing',
        text:
          `Gradients are vanishing: layer 1's gradient norm is ${formatValue(first)} while layer ${L}'s is ${formatValue(last)}. ` +
          `The first layers barely learn.${hint}`,
      };
    }
  }
  return null;
}

/** The tiny-data setup: 8 training points of the current dataset, a roomy network, Adam, full batch. */
export function overfitPatch(config: RunConfig): Partial<RunConfig> {
  return {
    datasetSize: 16,
    trainPercent: 50,
    hiddenLayers: [16, 16],
    activation:
      config.activation === 'linear' || config.activation === 'sigmoid' ? 'tanh' : config.activation,
    init: 'xavier',
    optimizer: 'adam',
    learningRate: 0.01,
    regularization: 'none',
    regularizationRate: 0,
    batchSize: 8,
  };
}

export const OVERFIT_TARGET_LOSS = 0.01;
export const OVERFIT_MAX_STEPS = 3000;

export type OverfitState =
  | { status: 'idle' }
  | { status: 'starting' }
  | { status: 'running'; step: number; loss: number }
  | { status: 'reached'; step: number; loss: number }
  | { status: 'failed'; step: number; loss: number }
  | { status: 'cancelled'; reason: string };

/** The next state of the overfit watch after a frame of the tiny-data run. */
export function overfitOutcome(frame: Pick<Frame, 'step' | 'trainLoss' | 'diverged'>): OverfitState {
  const { step, trainLoss } = frame;
  if (frame.diverged) return { status: 'failed', step, loss: trainLoss };
  if (Number.isFinite(trainLoss) && trainLoss < OVERFIT_TARGET_LOSS)
    return { status: 'reached', step, loss: trainLoss };
  if (step >= OVERFIT_MAX_STEPS) return { status: 'failed', step, loss: trainLoss };
  return { status: 'running', step, loss: trainLoss };
}

export function overfitWords(state: OverfitState): string {
  switch (state.status) {
    case 'idle':
      return '';
    case 'starting':
      return 'Setting up 8 training points and restarting…';
    case 'running':
      return `Training… step ${state.step}, loss ${formatValue(state.loss)}.`;
    case 'reached':
      return `✓ The loss reached ${formatValue(state.loss)} (below ${OVERFIT_TARGET_LOSS}) after ${state.step} steps: the network can memorize 8 points, so the forward pass, backward pass and update work together.`;
    case 'failed':
      return `✗ The loss is still ${formatValue(state.loss)} after ${state.step} steps (target below ${OVERFIT_TARGET_LOSS}). A network this size should memorize 8 points: suspect a bug, a learning rate that is too low or too high, or dead or saturated units.`;
    case 'cancelled':
      return `Stopped: ${state.reason}`;
  }
}

// ---------------------------------------------------------------------------------------------------
// Small parts

const box: CSSProperties = {
  border: '1px solid var(--border)',
  borderRadius: 6,
  padding: '0.5rem 0.75rem',
  margin: '0 0 0.75rem',
  background: 'var(--surface)',
};
const muted: CSSProperties = { color: 'var(--muted)' };
const h3: CSSProperties = { margin: '0 0 0.25rem', fontSize: '1rem' };
const table: CSSProperties = {
  borderCollapse: 'collapse',
  fontVariantNumeric: 'tabular-nums',
  fontSize: '0.85rem',
};
const cell: CSSProperties = {
  padding: '2px 8px',
  textAlign: 'left',
  borderBottom: '1px solid var(--border)',
};

function VerdictBadge({ verdict }: { verdict: Verdict }) {
  const s = VERDICT_STYLE[verdict];
  return (
    <span style={{ color: s.color, fontWeight: 600 }}>
      <span aria-hidden="true">{s.icon}</span> {s.word}
    </span>
  );
}

function layerColor(l: number): string {
  return CLASS_COLORS[l % CLASS_COLORS.length];
}

/**
 * The layer's colour as a key, in the tables and the gradient-norm chart's legend, before its
 * number: the number itself stays in the text colour, as some layer colours are too light to read.
 */
function LayerKey({ l }: { l: number }) {
  return (
    <span aria-hidden="true" style={{ color: layerColor(l), marginRight: '0.3em' }}>
      ━
    </span>
  );
}

// ---------------------------------------------------------------------------------------------------
// 1. Gradient check

function GradientScatter({ result }: { result: GradientCheckResult }) {
  const size = 220;
  const pad = 36;
  const entries = result.entries.filter((e) => Number.isFinite(e.numeric) && Number.isFinite(e.analytic));
  let m = 0;
  for (const e of entries) m = Math.max(m, Math.abs(e.numeric), Math.abs(e.analytic));
  m = m > 0 ? m * 1.05 : 1;
  const x = scaleLinear()
    .domain([-m, m])
    .range([pad, size - 8]);
  const y = scaleLinear()
    .domain([-m, m])
    .range([size - pad, 8]);
  const onDiagonal = entries.filter(
    (e) => Math.abs(e.numeric - e.analytic) <= 1e-4 * (Math.abs(e.numeric) + Math.abs(e.analytic)) + 1e-12,
  ).length;
  const ticks = x.ticks(3);
  return (
    <svg
      width={size}
      height={size}
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={`Scatter of ${entries.length} gradient entries, numerical against analytic: ${onDiagonal} lie on the diagonal where the two agree.`}
    >
      <line x1={x(-m)} y1={y(-m)} x2={x(m)} y2={y(m)} stroke="var(--muted)" strokeDasharray="4 3" />
      <line x1={pad} y1={size - pad} x2={size - 8} y2={size - pad} stroke="var(--border)" />
      <line x1={pad} y1={8} x2={pad} y2={size - pad} stroke="var(--border)" />
      {ticks.map((t) => (
        <g key={t}>
          <text x={x(t)} y={size - pad + 12} fontSize={9} textAnchor="middle" fill="var(--muted)">
            {formatValue(t, 2)}
          </text>
          <text x={pad - 3} y={y(t) + 3} fontSize={9} textAnchor="end" fill="var(--muted)">
            {formatValue(t, 2)}
          </text>
        </g>
      ))}
      <text x={(pad + size) / 2} y={size - 4} fontSize={10} textAnchor="middle" fill="currentColor">
        numerical (finite differences)
      </text>
      <text
        x={10}
        y={(size - pad) / 2}
        fontSize={10}
        textAnchor="middle"
        fill="currentColor"
        transform={`rotate(-90 10 ${(size - pad) / 2})`}
      >
        analytic (backprop)
      </text>
      {entries.map((e, i) => (
        <circle
          key={i}
          cx={x(e.numeric)}
          cy={y(e.analytic)}
          r={e.kind === 'W' ? 2.5 : 3.5}
          fill={layerColor(e.layer)}
          fillOpacity={0.75}
        >
          <title>{`${e.kind}${e.layer + 1}[${e.index}]: numerical ${formatValue(e.numeric)}, analytic ${formatValue(e.analytic)}`}</title>
        </circle>
      ))}
    </svg>
  );
}

function GradientCheckSection({ store }: { store: StoreApi<AppState> }) {
  const check = useStore(store, (s) => s.gradientCheck);
  const hiddenLayers = useStore(store, (s) => s.config.hiddenLayers.length);
  const [broken, setBroken] = useState(false);
  const [ranBroken, setRanBroken] = useState(false);
  const [pending, setPending] = useState<AppState['gradientCheck'] | undefined>(undefined);
  const explainId = useId();
  const canBreak = hiddenLayers > 0;
  const isPending = pending !== undefined && pending === check;

  const run = (): void => {
    const faults = broken && canBreak ? { dropActivationDerivative: 0 } : undefined;
    setPending(check);
    setRanBroken(faults !== undefined);
    store.getState().runGradientCheck({ faults, maxPerParameter: 64 });
  };

  return (
    <section style={box} aria-labelledby={`${explainId}-h`}>
      <h3 id={`${explainId}-h`} style={h3}>
        1. Gradient check
      </h3>
      <p style={muted}>
        Nudges each parameter by ±ε, measures the loss both ways, and compares (L(w+ε) − L(w−ε)) / 2ε with
        what backprop says, on the current batch. Relative error per layer: below{' '}
        {formatValue(GRADIENT_CHECK_GOOD)} good, below {formatValue(GRADIENT_CHECK_SUSPICIOUS)} suspicious,
        else wrong.
      </p>
      <p>
        <label>
          <input
            type="checkbox"
            checked={broken && canBreak}
            disabled={!canBreak}
            aria-describedby={`${explainId}-break`}
            onChange={(e) => setBroken(e.target.checked)}
          />{' '}
          Break layer 1&apos;s activation derivative
        </label>
        <br />
        <small id={`${explainId}-break`} style={muted}>
          {canBreak
            ? 'A teaching bug: the backward pass computes dZ1 = dA1 instead of dA1 ⊙ f′(Z1), the classic forgotten derivative. Only the check sees it; training is unchanged.'
            : 'Needs a hidden layer: with none, there is no activation derivative between layers to break.'}
        </small>
      </p>
      <button type="button" onClick={run} disabled={isPending}>
        Run gradient check
      </button>{' '}
      {isPending && <span role="status">Checking…</span>}
      {check && (
        <div>
          <p>
            At step {check.step}
            {ranBroken ? ', with layer 1’s activation derivative broken' : ''}:{' '}
            <VerdictBadge verdict={check.verdict} />. {verdictWords(check.verdict)}
          </p>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: '1rem', alignItems: 'flex-start' }}>
            <table style={table}>
              <caption style={{ textAlign: 'left', ...muted }}>Relative error per layer</caption>
              <thead>
                <tr>
                  <th style={cell} scope="col">
                    Layer
                  </th>
                  <th style={cell} scope="col">
                    W
                  </th>
                  <th style={cell} scope="col">
                    b
                  </th>
                </tr>
              </thead>
              <tbody>
                {check.result.layers.map((layer, l) => (
                  <tr key={l}>
                    <th style={cell} scope="row">
                      <LayerKey l={l} />
                      {l + 1}
                    </th>
                    <td style={cell}>
                      {formatValue(layer.W, 2)} <VerdictBadge verdict={gradientCheckVerdict(layer.W)} />
                    </td>
                    <td style={cell}>
                      {formatValue(layer.b, 2)} <VerdictBadge verdict={gradientCheckVerdict(layer.b)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <GradientScatter result={check.result} />
          </div>
        </div>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------
// 2. Overfit a tiny dataset

function OverfitSection({ store }: { store: StoreApi<AppState> }) {
  const [state, setState] = useState<OverfitState>({ status: 'idle' });
  const watching = state.status === 'starting' || state.status === 'running';
  const applied = useRef<RunConfig | null>(null);
  const datasetBefore = useRef<AppState['dataset']>(null);

  const start = (): void => {
    const s = store.getState();
    const before = s.config;
    datasetBefore.current = s.dataset;
    s.setConfig(overfitPatch(before));
    const after = store.getState().config;
    // Same settings as now: restart anyway, so the count starts from step 0.
    if (!needsRestart(before, after)) store.getState().reset();
    applied.current = after;
    if (typeof s.speed === 'number' && s.speed < 300) store.getState().setSpeed('max');
    store.getState().play();
    setState({ status: 'starting' });
  };

  useEffect(() => {
    if (!watching) return;
    let started = state.status === 'running';
    const onState = (s: AppState): void => {
      const target = applied.current;
      if (target && needsRestart(target, s.config)) {
        setState({ status: 'cancelled', reason: 'the network or data settings changed.' });
        return;
      }
      // The first frame of the restarted run brings its new dataset; frames before it are the old run's.
      if (!started) {
        if (s.dataset === datasetBefore.current || !s.frame) return;
        started = true;
      }
      const frame = s.frame;
      if (!frame) return;
      const next = overfitOutcome(frame);
      if (next.status !== 'running') s.pause();
      setState((prev) =>
        prev.status === 'running' && next.status === 'running' && prev.step === next.step ? prev : next,
      );
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.frame !== prev.frame || s.config !== prev.config || s.dataset !== prev.dataset) onState(s);
    });
    return unsubscribe;
  }, [store, watching, state.status]);

  return (
    <section style={box} aria-labelledby="check-overfit-h">
      <h3 id="check-overfit-h" style={h3}>
        2. Overfit a tiny dataset
      </h3>
      <p style={muted}>
        A network that cannot memorize 8 points has a bug. This keeps your dataset but uses 8 training points,
        two hidden layers of 16, Adam and full batch, trains, and reports whether the training loss reaches
        about 0 (below {OVERFIT_TARGET_LOSS}) within {OVERFIT_MAX_STEPS} steps. It restarts the run.
      </p>
      <button type="button" onClick={start} disabled={watching}>
        Overfit 8 points
      </button>
      <p aria-live="polite">{overfitWords(state)}</p>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------
// 3. Loss watch

function LossWatchSection({ store }: { store: StoreApi<AppState> }) {
  const diverged = useStore(store, (s) => s.diverged);
  const learningRate = useStore(store, (s) => s.config.learningRate);
  const history = useStore(store, (s) => s.history);
  const rise = useMemo(() => detectLossRise(history.evalSteps, history.trainLoss), [history]);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const pausedFor = useRef<number | null>(null);
  const activeRise = rise && rise.bestStep !== dismissed ? rise : null;

  useEffect(() => {
    // Pause once per episode, so the learner sees the explanation before the run wanders further.
    if (activeRise && pausedFor.current !== activeRise.bestStep) {
      pausedFor.current = activeRise.bestStep;
      if (store.getState().playing) store.getState().pause();
    }
  }, [store, activeRise]);

  const lower = (): void => store.getState().setTraining({ learningRate: learningRate / 10 });

  return (
    <section style={box} aria-labelledby="check-loss-h">
      <h3 id="check-loss-h" style={h3}>
        3. Loss watch
      </h3>
      {diverged ? (
        <div role="alert">
          <p>
            <strong>
              Loss exploded at step {diverged.step} with learning rate {formatValue(learningRate)}: try a
              lower learning rate.
            </strong>{' '}
            {diverged.reason}
          </p>
          <button type="button" onClick={() => store.getState().rewind()}>
            Rewind to step {diverged.lastGoodStep}
          </button>{' '}
          <button type="button" onClick={lower}>
            Lower learning rate ÷10
          </button>
        </div>
      ) : activeRise ? (
        <div role="alert">
          <p>
            <strong>
              The loss rose from {formatValue(activeRise.bestLoss)} (step {activeRise.bestStep}) to{' '}
              {formatValue(activeRise.currentLoss)} and has stayed up since step {activeRise.sinceStep}, with
              learning rate {formatValue(learningRate)}: try a lower learning rate.
            </strong>{' '}
            Paused so you can look.
          </p>
          <button type="button" onClick={() => store.getState().seek(activeRise.bestStep)}>
            Rewind to step {activeRise.bestStep}
          </button>{' '}
          <button type="button" onClick={lower}>
            Lower learning rate ÷10
          </button>{' '}
          <button type="button" onClick={() => setDismissed(activeRise.bestStep)}>
            Dismiss
          </button>
        </div>
      ) : (
        <p style={muted}>
          Watching the loss: a loss that is no longer a finite number, or a sustained rise well above the best
          loss so far, pauses the run here with an explanation and a way back.
        </p>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------
// 4. Saturation watch

const NORM_HISTORY = 300;

interface NormPoint {
  step: number;
  norms: (number | null)[];
}

function MiniHistogram({
  values,
  label,
  range,
}: {
  values: ArrayLike<number>;
  label: string;
  range?: [number, number];
}) {
  const bins = 20;
  const w = 120;
  const h = 36;
  const hist = histogram(values, bins, range);
  let max = 0;
  for (const c of hist.counts) max = Math.max(max, c);
  const lo = hist.edges[0];
  const hi = hist.edges[bins];
  return (
    <svg
      width={w}
      height={h + 12}
      role="img"
      aria-label={`Histogram of ${label}, from ${formatValue(lo, 3)} to ${formatValue(hi, 3)}, ${hist.total} values`}
    >
      {Array.from(hist.counts, (c, b) => {
        const bh = max > 0 ? (c / max) * h : 0;
        return (
          <rect key={b} x={(b * w) / bins} y={h - bh} width={w / bins - 1} height={bh} fill="var(--accent)" />
        );
      })}
      <text x={0} y={h + 10} fontSize={9} fill="var(--muted)">
        {formatValue(lo, 2)}
      </text>
      <text x={w} y={h + 10} fontSize={9} fill="var(--muted)" textAnchor="end">
        {formatValue(hi, 2)}
      </text>
    </svg>
  );
}

function NormChart({ points, layers }: { points: NormPoint[]; layers: number }) {
  const w = 300;
  const h = 120;
  const pad = { l: 40, r: 8, t: 6, b: 16 };
  const finite = points.flatMap((p) =>
    p.norms.filter((v): v is number => v !== null && v > 0 && Number.isFinite(v)),
  );
  if (points.length < 2 || finite.length === 0) {
    return <p style={muted}>The gradient norms appear here once the run has taken a few steps.</p>;
  }
  const lo = Math.max(1e-30, Math.min(...finite));
  const hi = Math.max(...finite);
  const x = scaleLinear()
    .domain([points[0].step, points[points.length - 1].step])
    .range([pad.l, w - pad.r]);
  const y = scaleLog()
    .domain([lo === hi ? lo / 10 : lo, lo === hi ? hi * 10 : hi])
    .range([h - pad.b, pad.t])
    .clamp(true);
  const ticks = y.ticks(3).filter((_, i, all) => all.length <= 4 || i % Math.ceil(all.length / 4) === 0);
  return (
    <svg
      width={w}
      height={h}
      role="img"
      aria-label={`Gradient norm per layer over the last ${points.length} frames, log scale`}
    >
      {ticks.map((t) => (
        <g key={t}>
          <line x1={pad.l} x2={w - pad.r} y1={y(t)} y2={y(t)} stroke="var(--border)" />
          <text x={pad.l - 3} y={y(t) + 3} fontSize={9} textAnchor="end" fill="var(--muted)">
            {formatValue(t, 1)}
          </text>
        </g>
      ))}
      {Array.from({ length: layers }, (_, l) => {
        const path = d3line<NormPoint>()
          .defined((p) => {
            const v = p.norms[l];
            return v !== null && v !== undefined && v > 0 && Number.isFinite(v);
          })
          .x((p) => x(p.step))
          .y((p) => y(p.norms[l] as number))(points);
        return <path key={l} d={path ?? ''} fill="none" stroke={layerColor(l)} strokeWidth={1.5} />;
      })}
      <text x={w - pad.r} y={h - 3} fontSize={9} textAnchor="end" fill="var(--muted)">
        step {points[points.length - 1].step}
      </text>
    </svg>
  );
}

function percent(v: number | null): string {
  return v === null ? '—' : `${formatValue(v * 100, 3)} %`;
}

function SaturationSection({ store, frame }: { store: StoreApi<AppState>; frame: Frame | null }) {
  const config = useStore(store, (s) => s.config);
  const [points, setPoints] = useState<NormPoint[]>([]);
  const ring = useRef<NormPoint[]>([]);

  // Every frame's health goes into a small ring buffer (not only the throttled ones React renders).
  const record = useCallback((f: Frame | null) => {
    if (!f || f.health.length === 0) return;
    const buffer = ring.current;
    const lastPoint = buffer[buffer.length - 1];
    if (lastPoint && f.step < lastPoint.step) buffer.length = 0; // rewind, seek or restart
    if (lastPoint && lastPoint.step === f.step && buffer.length > 0) return;
    buffer.push({ step: f.step, norms: f.health.map((h) => h.gradientNorm) });
    if (buffer.length > NORM_HISTORY) buffer.splice(0, buffer.length - NORM_HISTORY);
  }, []);
  useEffect(() => {
    record(store.getState().frame);
    return store.subscribe((s, prev) => {
      if (s.frame !== prev.frame) record(s.frame);
    });
  }, [store, record]);
  useEffect(() => {
    setPoints(ring.current.slice());
  }, [frame]);

  const L = frame?.params.length ?? 0;
  const activations = Array.from({ length: L }, (_, l) =>
    l === L - 1 ? OUTPUTS[config.output].activation : config.activation,
  );
  const warning = frame ? gradientWarning(frame.health, config.activation) : null;
  const batch = frame?.batch ?? null;

  return (
    <section style={box} aria-labelledby="check-sat-h">
      <h3 id="check-sat-h" style={h3}>
        4. Saturation watch
      </h3>
      <p style={muted}>
        Per layer: where the pre-activations Z and activations A of the current batch lie, how many
        tanh/sigmoid units are saturated (|slope| ≈ 0) and how many ReLUs are dead (0 for every example), and
        each layer&apos;s gradient norm ‖dW‖.
      </p>
      {warning && (
        <p role="alert" style={{ color: VERDICT_STYLE.suspicious.color, fontWeight: 600 }}>
          <span aria-hidden="true">⚠ </span>
          {warning.text}
        </p>
      )}
      {frame && L > 0 ? (
        <>
          {/* Scrolls sideways on narrow screens, so it is a focusable, named region (keyboard scrolling). */}
          <div
            style={{ overflowX: 'auto' }}
            role="region"
            aria-label="Per-layer saturation table"
            tabIndex={0}
          >
            <table style={table}>
              <thead>
                <tr>
                  <th style={cell} scope="col">
                    Layer
                  </th>
                  <th style={cell} scope="col">
                    Z (pre-activation)
                  </th>
                  <th style={cell} scope="col">
                    A (activation)
                  </th>
                  <th style={cell} scope="col">
                    Saturated
                  </th>
                  <th style={cell} scope="col">
                    Dead
                  </th>
                  <th style={cell} scope="col">
                    ‖dW‖
                  </th>
                </tr>
              </thead>
              <tbody>
                {frame.health.map((h, l) => {
                  const act = activations[l];
                  const Z = batch?.Z[l];
                  const A = batch?.A[l];
                  const range: [number, number] | undefined =
                    act === 'tanh' ? [-1, 1] : act === 'sigmoid' || act === 'softmax' ? [0, 1] : undefined;
                  return (
                    <tr key={l}>
                      <th style={cell} scope="row">
                        <LayerKey l={l} />
                        {l + 1}
                        {l === L - 1 ? ' (output)' : ''} <span style={muted}>{act}</span>
                      </th>
                      <td style={cell}>{Z ? <MiniHistogram values={Z} label={`Z${l + 1}`} /> : '—'}</td>
                      <td style={cell}>
                        {A ? <MiniHistogram values={A} label={`A${l + 1}`} range={range} /> : '—'}
                      </td>
                      <td style={cell}>{percent(h.saturatedFraction)}</td>
                      <td style={cell}>{percent(h.deadFraction)}</td>
                      <td style={cell}>{h.gradientNorm === null ? '—' : formatValue(h.gradientNorm, 3)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <NormChart points={points} layers={L} />
          <p style={{ ...muted, fontSize: '0.8rem' }}>
            {Array.from({ length: L }, (_, l) => (
              <span key={l} style={{ marginRight: '0.75rem' }}>
                <LayerKey l={l} />
                layer {l + 1}
              </span>
            ))}
          </p>
        </>
      ) : (
        <p style={muted}>Waiting for the first batch.</p>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------

export interface ChecksPanelProps {
  store?: StoreApi<AppState> | null;
}

export function ChecksPanel({ store: storeProp }: ChecksPanelProps = {}) {
  const store = useStoreApi(storeProp);
  const frame = useThrottledFrame(store, 500);
  return (
    <div className="checks">
      <GradientCheckSection store={store} />
      <OverfitSection store={store} />
      <LossWatchSection store={store} />
      <SaturationSection store={store} frame={frame} />
    </div>
  );
}
