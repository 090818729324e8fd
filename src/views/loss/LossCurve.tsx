/**
 * The loss curve: batch loss (faint), train and test loss over steps, markers where a live setting
 * changed, a hover / tap / keyboard read-out, and the current accuracy (or RMSE) and step.
 *
 * Everything that moves is drawn imperatively from a store subscription at most once per animation
 * frame; the series are decimated to the plot's pixel columns first (downsampleForPixels), so a long
 * run costs what a short one does. React renders only the frame of the chart and the log toggle.
 */
import { useId, useRef } from 'react';
import type { KeyboardEvent, PointerEvent as ReactPointerEvent } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand';
import { formatCount, formatPercent, formatStepTick, lossNumber } from '../../model/format';
import type { AppState, LossHistory } from '../../store/types';
import type { TimelineEvent } from '../../worker/protocol';
import { setAttr, setText } from '../shared/domWrites';
import { useFrameSubscription } from '../shared/useFrameSubscription';
import { lossHistoryCsv } from '../shared/exportView';
import { ViewExportMenu } from '../shared/ViewExportMenu';
import {
  downsampleForPixels,
  hoverPoint,
  lossPath,
  lossScales,
  markerPositions,
  nearestIndex,
} from './lossGeometry';
import type { HoverPoint, LossGeometryOptions, LossScales } from './lossGeometry';
import '../views.css';
import './loss.css';

const VIEW_W = 400;
const VIEW_H = 170;
const MARGIN = { top: 8, right: 10, bottom: 20, left: 42 } as const;
const PLOT_W = VIEW_W - MARGIN.left - MARGIN.right;
const SVG_NS = 'http://www.w3.org/2000/svg';
const EMPTY = new Float64Array(0);

function last(a: ArrayLike<number>): number {
  return a.length > 0 ? a[a.length - 1] : NaN;
}

/** Keeps `count` children of `group` made by `make`, hiding the rest (no allocation once warmed). */
function pool<T extends SVGElement>(group: SVGGElement, count: number, make: () => T): T[] {
  while (group.childNodes.length < count) group.appendChild(make());
  const out: T[] = [];
  group.childNodes.forEach((child, i) => {
    const el = child as T;
    if (i < count) {
      el.removeAttribute('display');
      out.push(el);
    } else setAttr(el, 'display', 'none');
  });
  return out;
}

/** A y-axis tick: a grid line across the plot and its label left of it, moved by `transform`. */
function makeYTick(): SVGGElement {
  const g = document.createElementNS(SVG_NS, 'g');
  const line = document.createElementNS(SVG_NS, 'line');
  line.setAttribute('x1', String(MARGIN.left));
  line.setAttribute('x2', String(VIEW_W - MARGIN.right));
  const text = document.createElementNS(SVG_NS, 'text');
  text.setAttribute('x', String(MARGIN.left - 4));
  text.setAttribute('text-anchor', 'end');
  text.setAttribute('dominant-baseline', 'middle');
  g.append(line, text);
  return g;
}

/** An x-axis tick: a short mark under the plot and its label, moved by `transform`. */
function makeXTick(): SVGGElement {
  const g = document.createElementNS(SVG_NS, 'g');
  const line = document.createElementNS(SVG_NS, 'line');
  line.setAttribute('y1', String(VIEW_H - MARGIN.bottom));
  line.setAttribute('y2', String(VIEW_H - MARGIN.bottom + 3));
  const text = document.createElementNS(SVG_NS, 'text');
  text.setAttribute('y', String(VIEW_H - MARGIN.bottom + 13));
  text.setAttribute('text-anchor', 'middle');
  g.append(line, text);
  return g;
}

function makeMarker(): SVGGElement {
  const g = document.createElementNS(SVG_NS, 'g');
  g.setAttribute('class', 'lc-marker');
  const line = document.createElementNS(SVG_NS, 'line');
  g.appendChild(line);
  g.appendChild(document.createElementNS(SVG_NS, 'title'));
  return g;
}

interface Scene {
  scales: LossScales;
  /** The key the scene was computed for (history version, log flag). */
  version: number;
  log: boolean;
}

/** Scales over both the evaluated losses and the batch loss, and the decimated paths. */
function computeScene(
  history: LossHistory,
  log: boolean,
  frameStep: number,
): { scales: LossScales; batch: string; train: string; test: string } {
  const batch = downsampleForPixels(
    { steps: history.steps, train: history.batchLoss, test: history.batchLoss },
    PLOT_W,
  );
  const evals = downsampleForPixels(
    { steps: history.evalSteps, train: history.trainLoss, test: history.testLoss },
    PLOT_W,
  );
  let end = Math.max(last(history.steps), last(history.evalSteps), frameStep);
  if (!Number.isFinite(end)) end = 1;
  const options: LossGeometryOptions = {
    width: VIEW_W,
    height: VIEW_H,
    log,
    margin: MARGIN,
    stepDomain: [0, Math.max(1, end)],
  };
  // y: the union of both series' domains (each fitted by lossScales, so log floors and nice() agree).
  let lo = Infinity;
  let hi = -Infinity;
  const widen = (steps: Float64Array, a: Float64Array, b: Float64Array): void => {
    if (steps.length === 0) return;
    const [d0, d1] = lossScales({ steps, train: a, test: b }, options).y.domain();
    lo = Math.min(lo, d0);
    hi = Math.max(hi, d1);
  };
  widen(evals.steps, evals.train, evals.test);
  widen(batch.steps, batch.train, EMPTY);
  const scales = lossScales(
    { steps: EMPTY, train: Number.isFinite(lo) ? [lo, hi] : [], test: EMPTY },
    options,
  );
  return {
    scales,
    batch: lossPath(batch.steps, batch.train, scales),
    train: lossPath(evals.steps, evals.train, scales),
    test: lossPath(evals.steps, evals.test, scales),
  };
}

function eventsLabel(event: TimelineEvent): string {
  return `After step ${formatCount(event.step)}: ${event.detail}`;
}

export interface LossCurveProps {
  store: StoreApi<AppState>;
}

export function LossCurve({ store }: LossCurveProps) {
  const logScale = useStore(store, (s) => s.ui.logScale);
  // A boolean selector: React re-renders when training starts or history is cleared, not per frame.
  const untrained = useStore(store, (s) => s.history.steps.length === 0);
  const id = useId();
  const clipId = `lc-clip-${id}`;
  const readoutId = `lc-readout-${id}`;

  const svgRef = useRef<SVGSVGElement>(null);
  const batchRef = useRef<SVGPathElement>(null);
  const trainRef = useRef<SVGPathElement>(null);
  const testRef = useRef<SVGPathElement>(null);
  const xTicksRef = useRef<SVGGElement>(null);
  const yTicksRef = useRef<SVGGElement>(null);
  const markersRef = useRef<SVGGElement>(null);
  const hoverRef = useRef<SVGGElement>(null);
  const readoutRef = useRef<HTMLParagraphElement>(null);
  const metricRef = useRef<HTMLSpanElement>(null);
  const stepRef = useRef<HTMLSpanElement>(null);
  const sceneRef = useRef<Scene | null>(null);
  /** Hovered pixel column in SVG units, or null. */
  const hoverX = useRef<number | null>(null);
  /** Hovered evaluation index when moved by the keyboard (null: follow hoverX). */
  const hoverIndex = useRef<number | null>(null);

  const drawHover = (history: LossHistory): void => {
    const g = hoverRef.current;
    const readout = readoutRef.current;
    const scene = sceneRef.current;
    if (!g || !readout) return;
    const series = { steps: history.evalSteps, train: history.trainLoss, test: history.testLoss };
    let point: HoverPoint | null = null;
    if (scene) {
      if (hoverIndex.current !== null && history.evalSteps.length > 0) {
        const i = Math.min(history.evalSteps.length - 1, Math.max(0, hoverIndex.current));
        point = hoverPoint(series, scene.scales, scene.scales.x(history.evalSteps[i]));
      } else if (hoverX.current !== null) {
        point = hoverPoint(series, scene.scales, hoverX.current);
      }
    }
    if (!point || !scene) {
      setAttr(g, 'display', 'none');
      setText(readout, 'Point at the chart (or focus it and use ← →) to read values.');
      return;
    }
    g.removeAttribute('display');
    const [line, trainDot, testDot] = Array.from(g.children);
    line.setAttribute('x1', String(point.x));
    line.setAttribute('x2', String(point.x));
    const place = (dot: Element, y: number | null): void => {
      if (y === null) dot.setAttribute('display', 'none');
      else {
        dot.removeAttribute('display');
        dot.setAttribute('cx', String(point.x));
        dot.setAttribute('cy', String(y));
      }
    };
    // A model file may bring no test set: then there is no test value to read.
    const noTest = store.getState().dataset?.test.count === 0;
    place(trainDot, point.yTrain);
    place(testDot, noTest ? null : point.yTest);
    const b = nearestIndex(history.steps, point.step);
    const batchLoss = b >= 0 ? history.batchLoss[b] : NaN;
    const pair = (train: string, test: string): string => (noTest ? train : `${train} / ${test}`);
    const i = point.index;
    const metric =
      history.metric === 'accuracy'
        ? ` · accuracy ${pair(formatPercent(history.trainMetric[i]), formatPercent(history.testMetric[i]))}`
        : ` · RMSE ${pair(lossNumber(history.trainMetric[i]), lossNumber(history.testMetric[i]))}`;
    const losses = noTest
      ? `train ${lossNumber(point.train)}`
      : `train ${lossNumber(point.train)} · test ${lossNumber(point.test)}`;
    setText(
      readout,
      `Step ${formatCount(point.step)}: ${losses} · batch ${lossNumber(batchLoss)}${metric}${noTest ? ' (no test set)' : ''}`,
    );
  };

  const draw = (state: AppState, prev: AppState | null): void => {
    const { history, frame } = state;
    const frameStep = frame?.step ?? (typeof state.step === 'number' ? state.step : 0);
    // Text: the step and the latest metric.
    setText(
      stepRef.current,
      `Step ${formatCount(Number.isFinite(frameStep) ? frameStep : 0)}${frame ? ` · epoch ${formatCount(frame.epoch)}` : ''}`,
    );
    // A model file may bring no test set: say so rather than show its empty measure as 0.
    const noTest = state.dataset?.test.count === 0;
    const test = (value: string): string => (noTest ? 'no test set' : `test ${value}`);
    if (frame && (frame.trainAccuracy !== null || frame.testAccuracy !== null)) {
      setText(
        metricRef.current,
        `Accuracy: train ${formatPercent(frame.trainAccuracy)} · ${test(formatPercent(frame.testAccuracy))}`,
      );
    } else if (frame && (frame.trainRmse !== null || frame.testRmse !== null)) {
      setText(
        metricRef.current,
        `RMSE: train ${lossNumber(frame.trainRmse)} · ${test(lossNumber(frame.testRmse))}`,
      );
    } else if (history.trainMetric.length > 0) {
      const tr = last(history.trainMetric);
      const te = last(history.testMetric);
      setText(
        metricRef.current,
        history.metric === 'accuracy'
          ? `Accuracy: train ${formatPercent(tr)} · ${test(formatPercent(te))}`
          : `RMSE: train ${lossNumber(tr)} · ${test(lossNumber(te))}`,
      );
    } else setText(metricRef.current, '');

    const log = state.ui.logScale;
    const scene = sceneRef.current;
    const stale =
      prev === null ||
      !scene ||
      scene.version !== history.version ||
      scene.log !== log ||
      history !== prev.history ||
      state.events !== prev.events ||
      state.dataset !== prev.dataset;
    if (stale) {
      const { scales, batch, train, test: testPath } = computeScene(history, log, frameStep);
      sceneRef.current = { scales, version: history.version, log };
      batchRef.current?.setAttribute('d', batch);
      trainRef.current?.setAttribute('d', train);
      testRef.current?.setAttribute('d', noTest ? '' : testPath);

      const yTicksGroup = yTicksRef.current;
      if (yTicksGroup) {
        const y = scales.y;
        const fmt = y.tickFormat(4);
        const ticks = y.ticks(4).filter((t) => fmt(t) !== '');
        const els = pool(yTicksGroup, ticks.length, makeYTick);
        ticks.forEach((t, i) => {
          const g = els[i];
          setAttr(g, 'transform', `translate(0,${Math.round(y(t) * 10) / 10})`);
          setText(g.lastElementChild, fmt(t).replace('-', '−'));
        });
      }
      const xTicksGroup = xTicksRef.current;
      if (xTicksGroup) {
        const x = scales.x;
        const ticks = x.ticks(5).filter((t) => Number.isInteger(t));
        const els = pool(xTicksGroup, ticks.length, makeXTick);
        ticks.forEach((t, i) => {
          const g = els[i];
          setAttr(g, 'transform', `translate(${Math.round(x(t) * 10) / 10},0)`);
          setText(g.lastElementChild, formatStepTick(t));
        });
      }
      const markerGroup = markersRef.current;
      if (markerGroup) {
        const events = state.events;
        const steps = events.map((e) => e.step);
        const positions = markerPositions(steps, scales.x);
        const els = pool(markerGroup, positions.length, makeMarker);
        positions.forEach(({ index, x }, i) => {
          const g = els[i];
          const [line, title] = Array.from(g.children);
          const xs = String(Math.round(x * 10) / 10);
          setAttr(line, 'x1', xs);
          setAttr(line, 'x2', xs);
          setAttr(line, 'y1', String(MARGIN.top));
          setAttr(line, 'y2', String(VIEW_H - MARGIN.bottom));
          setText(title, eventsLabel(events[index]));
        });
      }
    }
    if (stale || hoverX.current !== null || hoverIndex.current !== null) drawHover(history);
  };
  const { drawNow } = useFrameSubscription(
    store,
    draw,
    logScale,
    (s, p) =>
      s.history !== p.history ||
      s.frame !== p.frame ||
      s.events !== p.events ||
      s.ui.logScale !== p.ui.logScale,
    svgRef,
  );

  const toViewX = (clientX: number): number | null => {
    const svg = svgRef.current;
    if (!svg) return null;
    const r = svg.getBoundingClientRect();
    if (!(r.width > 0)) return null;
    return ((clientX - r.left) / r.width) * VIEW_W;
  };
  const onPointerMove = (e: ReactPointerEvent): void => {
    const x = toViewX(e.clientX);
    if (x === null) return;
    hoverX.current = Math.min(VIEW_W - MARGIN.right, Math.max(MARGIN.left, x));
    hoverIndex.current = null;
    drawNow();
  };
  const onPointerLeave = (e: ReactPointerEvent): void => {
    // A tap leaves its read-out in place; the mouse leaving clears it.
    if (e.pointerType !== 'mouse') return;
    hoverX.current = null;
    drawNow();
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    const n = store.getState().history.evalSteps.length;
    if (n === 0) return;
    let i = hoverIndex.current ?? n - 1;
    if (e.key === 'ArrowLeft') i -= e.shiftKey ? 10 : 1;
    else if (e.key === 'ArrowRight') i += e.shiftKey ? 10 : 1;
    else if (e.key === 'Home') i = 0;
    else if (e.key === 'End') i = n - 1;
    else if (e.key === 'Escape') {
      hoverIndex.current = null;
      hoverX.current = null;
      drawNow();
      return;
    } else return;
    e.preventDefault();
    // Arrow keys here move the read-out, not the training (the app's ← / → shortcuts).
    e.stopPropagation();
    hoverIndex.current = Math.min(n - 1, Math.max(0, i));
    drawNow();
  };

  return (
    <div className="lc">
      <div className="lc-toolbar">
        <span className="lc-metric" ref={metricRef} />
        <span className="lc-step" ref={stepRef} />
        <label className="lc-log">
          <input
            type="checkbox"
            checked={logScale}
            onChange={(e) => store.getState().setUi({ logScale: e.target.checked })}
          />
          Log scale
        </label>
        <ViewExportMenu
          view="loss curve"
          figure=".lc-svg"
          svg=".lc-svg"
          fileName="loss-curve"
          csv={{ data: 'loss history', text: () => lossHistoryCsv(store.getState().history) }}
        />
      </div>
      <div className="lc-plot">
        {untrained && (
          <p className="lc-empty">
            The training and test loss will be drawn here as the network trains. Press Play or Step.
          </p>
        )}
        <svg
          ref={svgRef}
          className="lc-svg"
          viewBox={`0 0 ${VIEW_W} ${VIEW_H}`}
          tabIndex={0}
          role="img"
          aria-label="Loss over training steps; use the left and right arrow keys to read values"
          aria-describedby={readoutId}
          onPointerMove={onPointerMove}
          onPointerDown={onPointerMove}
          onPointerLeave={onPointerLeave}
          onKeyDown={onKeyDown}
          onBlur={() => {
            hoverIndex.current = null;
            drawNow();
          }}
        >
          <defs>
            <clipPath id={clipId}>
              <rect
                x={MARGIN.left}
                y={MARGIN.top}
                width={PLOT_W}
                height={VIEW_H - MARGIN.top - MARGIN.bottom}
              />
            </clipPath>
          </defs>
          <g className="lc-yticks" ref={yTicksRef} />
          <g className="lc-xticks" ref={xTicksRef} />
          <line
            className="lc-axis"
            x1={MARGIN.left}
            x2={VIEW_W - MARGIN.right}
            y1={VIEW_H - MARGIN.bottom}
            y2={VIEW_H - MARGIN.bottom}
          />
          <g clipPath={`url(#${clipId})`}>
            <g className="lc-markers" ref={markersRef} />
            <path className="lc-batch" ref={batchRef} fill="none" />
            <path className="lc-train" ref={trainRef} fill="none" />
            <path className="lc-test" ref={testRef} fill="none" />
          </g>
          <g className="lc-hover" ref={hoverRef} display="none">
            <line y1={MARGIN.top} y2={VIEW_H - MARGIN.bottom} />
            <circle className="lc-dot-train" r={3} />
            <circle className="lc-dot-test" r={3} />
          </g>
        </svg>
      </div>
      <div className="lc-legend" aria-hidden="true">
        <span className="lc-key lc-key-train">train</span>
        <span className="lc-key lc-key-test">test</span>
        <span className="lc-key lc-key-batch">batch</span>
        <span className="lc-key lc-key-marker">setting changed</span>
      </div>
      <p className="lc-readout" id={readoutId} ref={readoutRef} />
    </div>
  );
}
