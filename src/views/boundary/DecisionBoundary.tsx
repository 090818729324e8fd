/**
 * The decision boundary: the network's output over the input plane (a small canvas, one pixel per grid
 * cell, scaled by CSS) under an SVG overlay with the data points and the decision contour; axes and a
 * colour legend around it. When a neuron is hovered in the network graph, its map replaces the output.
 *
 * The canvas and the contour are drawn imperatively from a store subscription, at most once per
 * animation frame; the points (which change only when the data does) are rendered by React.
 *
 * "Edit points" turns the plane into a drawing surface: a click or tap adds a point of the chosen class
 * (or value), Alt-click, right-click or the Erase tool removes the nearest point. Each edit hands the
 * whole drawn dataset to the store (setCustomData), which restarts training on it.
 */
import { useMemo, useRef, useState } from 'react';
import type { FormEvent, MouseEvent, ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand';
import { FEATURE_BY_ID } from '../../engine';
import type { Activation, Dataset } from '../../engine';
import type { AppState, HoveredNode } from '../../store/types';
import { OUTPUTS, PLANE_HALF_WIDTH, classCountOf } from '../../model/config';
import type { RunConfig } from '../../model/config';
import type { FrameDataset, FrameGrid } from '../../worker/protocol';
import { CLASS_COLORS, classColor, divergingColor } from '../shared/colors';
import type { Theme } from '../shared/colors';
import { paintBinary, paintHeatmap, paintMultiClass, paintRegression } from '../shared/heatmap';
import { useFrameSubscription } from '../shared/useFrameSubscription';
import { useStoreApi } from '../shared/useStoreApi';
import { useTheme } from '../shared/useTheme';
import { boundaryThreshold, decisionContour, planeTicks } from './contour';
import '../views.css';

/** Plot side in SVG units; the whole figure scales by CSS. */
const PLOT = 300;
const MARGIN = { top: 6, right: 8, bottom: 22, left: 26 } as const;
const VIEW_W = MARGIN.left + PLOT + MARGIN.right;
const VIEW_H = MARGIN.top + PLOT + MARGIN.bottom;
const D = PLANE_HALF_WIDTH;
/** An erase click removes the nearest point within this plane distance. */
const ERASE_RADIUS = 1;
/** Training needs a train and a test part. */
const MIN_POINTS = 2;
const MAX_DRAWN_POINTS = 10_000;

type OutputMode =
  | { kind: 'binary'; range: readonly [number, number] }
  | { kind: 'multi'; classes: number }
  | { kind: 'regression'; maxAbs: number };

function outputMode(config: RunConfig, classes: number): OutputMode {
  switch (config.output) {
    case 'softmax-ce':
      return { kind: 'multi', classes: Math.max(2, classes) };
    case 'sigmoid-bce':
      return { kind: 'binary', range: [0, 1] };
    case 'tanh-mse':
      return classes === 0 ? { kind: 'regression', maxAbs: 1 } : { kind: 'binary', range: [-1, 1] };
    case 'linear-mse':
      return { kind: 'regression', maxAbs: 1 };
  }
}

function activationScale(activation: Activation): { center: number; maxAbs: number | undefined } {
  switch (activation) {
    case 'tanh':
      return { center: 0, maxAbs: 1 };
    case 'sigmoid':
    case 'softmax':
      return { center: 0.5, maxAbs: 0.5 };
    default:
      return { center: 0, maxAbs: undefined };
  }
}

/** Plane coordinate → plot units (+x2 up). */
const px = (x1: number): number => ((x1 + D) / (2 * D)) * PLOT;
const py = (x2: number): number => ((D - x2) / (2 * D)) * PLOT;

/** Both parts of the run's data as one editable Dataset. */
function toDataset(ds: FrameDataset): Dataset {
  const count = ds.train.count + ds.test.count;
  const points = new Float64Array(count * 2);
  const labels = new Float64Array(count);
  points.set(ds.train.points.subarray(0, ds.train.count * 2), 0);
  points.set(ds.test.points.subarray(0, ds.test.count * 2), ds.train.count * 2);
  labels.set(ds.train.labels.subarray(0, ds.train.count), 0);
  labels.set(ds.test.labels.subarray(0, ds.test.count), ds.train.count);
  return { points, labels, count, classes: ds.classes };
}

function withPoint(data: Dataset, x1: number, x2: number, label: number): Dataset {
  const count = data.count + 1;
  const points = new Float64Array(count * 2);
  const labels = new Float64Array(count);
  points.set(data.points.subarray(0, data.count * 2));
  labels.set(data.labels.subarray(0, data.count));
  points[count * 2 - 2] = x1;
  points[count * 2 - 1] = x2;
  labels[count - 1] = label;
  return { points, labels, count, classes: data.classes };
}

/** The index of the point nearest to (x1, x2) within `radius`, or −1. */
function nearestPoint(data: Dataset, x1: number, x2: number, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < data.count; i++) {
    const dx = data.points[2 * i] - x1;
    const dy = data.points[2 * i + 1] - x2;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

function withoutPoint(data: Dataset, index: number): Dataset {
  const count = data.count - 1;
  const points = new Float64Array(count * 2);
  const labels = new Float64Array(count);
  points.set(data.points.subarray(0, index * 2));
  points.set(data.points.subarray(index * 2 + 2, data.count * 2), index * 2);
  labels.set(data.labels.subarray(0, index));
  labels.set(data.labels.subarray(index + 1, data.count), index);
  return { points, labels, count, classes: data.classes };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function fmt(v: number): string {
  return String(round2(v)).replace('-', '−');
}

function pointColor(label: number, classes: number, theme: Theme): string {
  return classes === 0 ? divergingColor(label, 1, theme) : classColor(label, 1, theme);
}

function hoveredCaption(node: HoveredNode, config: RunConfig, outputLayer: number): string {
  if (node.layer < 0)
    return `Showing input ${FEATURE_BY_ID[config.features[node.unit]]?.label ?? node.unit + 1} (hovered in the network)`;
  if (node.layer === outputLayer) return `Showing output ${node.unit + 1} (hovered in the network)`;
  return `Showing neuron ${node.unit + 1} of layer ${node.layer + 1} (hovered in the network)`;
}

interface Paint {
  image: ImageData | null;
  scratch: Float32Array;
  contourScratch: Float64Array;
}

/** The values of a hovered neuron over the grid (deinterleaved into `scratch`), or null. */
function neuronValues(grid: FrameGrid, node: HoveredNode, scratch: Float32Array): Float32Array | null {
  const cells = grid.resolution * grid.resolution;
  if (node.layer < 0) {
    const f = grid.features[node.unit];
    return f && f.length >= cells ? f : null;
  }
  const values = grid.neurons?.[node.layer] ?? null;
  if (!values || values.length % cells !== 0) return null;
  const units = values.length / cells;
  if (node.unit >= units) return null;
  for (let p = 0; p < cells; p++) scratch[p] = values[p * units + node.unit];
  return scratch;
}

export interface DecisionBoundaryProps {
  /** The store to show; default: the app's (context or singleton). */
  store?: StoreApi<AppState>;
}

export function DecisionBoundary({ store: storeProp }: DecisionBoundaryProps = {}) {
  const store = useStoreApi(storeProp);
  const config = useStore(store, (s) => s.config);
  const dataset = useStore(store, (s) => s.dataset);
  const customData = useStore(store, (s) => s.customData);
  const hoveredNode = useStore(store, (s) => s.ui.hoveredNode);
  const showTest = useStore(store, (s) => s.ui.showTestPoints);
  const discretize = useStore(store, (s) => s.ui.discretize);
  const theme = useTheme();

  const classes = customData?.classes ?? dataset?.classes ?? classCountOf(config);
  const mode = useMemo(() => outputMode(config, classes), [config, classes]);
  const outputLayer = config.hiddenLayers.length;
  const activation = config.activation;
  const outputActivation = OUTPUTS[config.output].activation;

  const canvasRef = useRef<HTMLCanvasElement>(null);
  const contourRef = useRef<SVGPathElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const paintRef = useRef<Paint>({
    image: null,
    scratch: new Float32Array(0),
    contourScratch: new Float64Array(0),
  });

  const [editing, setEditing] = useState(false);
  const [tool, setTool] = useState<'add' | 'erase'>('add');
  const [newClass, setNewClass] = useState(1);
  const [newValue, setNewValue] = useState('0.5');
  const [draft, setDraft] = useState<Dataset | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [keyX, setKeyX] = useState('0');
  const [keyY, setKeyY] = useState('0');

  const setup = useMemo(
    () => ({ mode, theme, discretize, hoveredNode, activation, outputActivation, outputLayer }),
    [mode, theme, discretize, hoveredNode, activation, outputActivation, outputLayer],
  );

  const draw = (state: AppState, prev: AppState | null): void => {
    const grid = state.grid;
    if (!grid || (prev !== null && grid === prev.grid)) return;
    const res = grid.resolution;
    const cells = res * res;
    const paint = paintRef.current;
    if (paint.scratch.length !== cells) paint.scratch = new Float32Array(cells);
    if (paint.contourScratch.length !== cells) paint.contourScratch = new Float64Array(cells);
    const node = setup.hoveredNode;
    const neuron = node ? neuronValues(grid, node, paint.scratch) : null;

    // The contour: the binary output's threshold crossing (not drawn over a neuron's map).
    const contour = contourRef.current;
    if (contour) {
      let d = '';
      if (!node && setup.mode.kind === 'binary' && grid.outputs.length >= cells) {
        d = decisionContour(
          grid.outputs,
          res,
          res,
          boundaryThreshold(setup.mode.range),
          PLOT,
          PLOT,
          paint.contourScratch,
        );
      }
      contour.setAttribute('d', d);
    }

    const canvas = canvasRef.current;
    if (!canvas) return;
    if (canvas.width !== res) canvas.width = res;
    if (canvas.height !== res) canvas.height = res;
    const g = canvas.getContext('2d');
    if (!g) return;
    if (!paint.image || paint.image.width !== res) paint.image = g.createImageData(res, res);
    const out = paint.image.data;
    const { theme: t, mode: m } = setup;
    if (node) {
      if (!neuron) {
        g.clearRect(0, 0, res, res);
        return;
      }
      const scale =
        node.layer < 0
          ? { center: 0, maxAbs: undefined }
          : activationScale(node.layer === setup.outputLayer ? setup.outputActivation : setup.activation);
      paintHeatmap(neuron, res, res, { ...scale, discretize: setup.discretize, theme: t }, out);
    } else if (m.kind === 'binary') {
      if (grid.outputs.length < cells) return;
      paintBinary(grid.outputs, res, res, { range: m.range, discretize: setup.discretize, theme: t }, out);
    } else if (m.kind === 'multi') {
      if (grid.outputs.length < cells * m.classes) return;
      paintMultiClass(grid.outputs, m.classes, res, res, { discretize: setup.discretize, theme: t }, out);
    } else {
      if (grid.outputs.length < cells) return;
      paintRegression(grid.outputs, res, res, { maxAbs: m.maxAbs, theme: t }, out);
    }
    g.putImageData(paint.image, 0, 0);
  };
  useFrameSubscription(store, draw, setup, (s, p) => s.grid !== p.grid);

  const startEditing = (): void => {
    const base = customData ?? (dataset ? toDataset(dataset) : null);
    setDraft(
      base ?? {
        points: new Float64Array(0),
        labels: new Float64Array(0),
        count: 0,
        classes: Math.max(0, classes),
      },
    );
    setMessage(null);
    setEditing(true);
  };

  const stopEditing = (): void => {
    setEditing(false);
    setDraft(null);
    setMessage(null);
  };

  const commit = (next: Dataset): void => {
    setDraft(next);
    if (next.count >= MIN_POINTS) {
      store.getState().setCustomData(next);
      setMessage(null);
    } else {
      setMessage(`Add at least ${MIN_POINTS} points to train on them.`);
    }
  };

  const newLabel = (): number | null => {
    if (classes !== 0) return Math.min(Math.max(0, newClass - 1), Math.max(1, classes - 1));
    const v = Number(newValue.trim().replace(/\u2212/g, '-'));
    if (newValue.trim() === '' || !Number.isFinite(v)) {
      setMessage(`Value: “${newValue}” is not a number.`);
      return null;
    }
    if (v < -1 || v > 1) {
      setMessage(`Value: ${fmt(v)} is outside −1 … 1.`);
      return null;
    }
    return v;
  };

  const addAt = (x1: number, x2: number): void => {
    if (!draft) return;
    if (draft.count >= MAX_DRAWN_POINTS) {
      setMessage(`At most ${MAX_DRAWN_POINTS} points.`);
      return;
    }
    const label = newLabel();
    if (label === null) return;
    commit(withPoint(draft, x1, x2, label));
  };

  const eraseAt = (x1: number, x2: number): void => {
    if (!draft) return;
    const i = nearestPoint(draft, x1, x2, ERASE_RADIUS);
    if (i < 0) {
      setMessage('No point near there to erase.');
      return;
    }
    commit(withoutPoint(draft, i));
  };

  const planeAt = (e: MouseEvent): { x1: number; x2: number } | null => {
    const el = plotRef.current;
    if (!el) return null;
    const r = el.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0)) return null;
    const x1 = -D + ((e.clientX - r.left) / r.width) * 2 * D;
    const x2 = D - ((e.clientY - r.top) / r.height) * 2 * D;
    if (!(x1 >= -D && x1 <= D && x2 >= -D && x2 <= D)) return null;
    return { x1: round2(x1), x2: round2(x2) };
  };

  const onPlotClick = (e: MouseEvent): void => {
    if (editing) {
      const at = planeAt(e);
      if (!at) return;
      if (tool === 'erase' || e.altKey) eraseAt(at.x1, at.x2);
      else addAt(at.x1, at.x2);
      return;
    }
    // Not editing: a click on a training point in the current batch makes the inspector follow it.
    const target = e.target instanceof Element ? e.target.closest('[data-train-index]') : null;
    if (!target) return;
    const index = Number(target.getAttribute('data-train-index'));
    const batch = store.getState().frame?.batch;
    const row = batch ? batch.indices.indexOf(index) : -1;
    if (row >= 0) store.getState().setUi({ selectedExample: row });
  };

  const onContextMenu = (e: MouseEvent): void => {
    if (!editing) return;
    e.preventDefault();
    const at = planeAt(e);
    if (at) eraseAt(at.x1, at.x2);
  };

  const onKeyboardAdd = (e: FormEvent): void => {
    e.preventDefault();
    const x1 = Number(keyX.trim().replace(/\u2212/g, '-'));
    const x2 = Number(keyY.trim().replace(/\u2212/g, '-'));
    if (keyX.trim() === '' || keyY.trim() === '' || !Number.isFinite(x1) || !Number.isFinite(x2)) {
      setMessage('x₁ and x₂ must be numbers.');
      return;
    }
    if (Math.abs(x1) > D || Math.abs(x2) > D) {
      setMessage(`x₁ and x₂ must lie in −${D} … ${D}.`);
      return;
    }
    addAt(x1, x2);
  };

  const clear = (): void => {
    if (!draft) return;
    setDraft({ points: new Float64Array(0), labels: new Float64Array(0), count: 0, classes: draft.classes });
    setMessage(`Cleared. Add at least ${MIN_POINTS} points to train on them.`);
  };

  const ticksX = useMemo(() => planeTicks(PLOT, 'x'), []);
  const ticksY = useMemo(() => planeTicks(PLOT, 'y'), []);

  // Points: the draft while editing, else the run's train (and optionally test) points. Memoised:
  // hovering a neuron re-renders this view, and there may be thousands of points.
  const pointMarks = useMemo((): ReactNode[] => {
    const marks: ReactNode[] = [];
    if (editing && draft) {
      for (let i = 0; i < draft.count; i++) {
        marks.push(
          <circle
            key={`d${i}`}
            className="db-point"
            cx={round2(px(draft.points[2 * i]))}
            cy={round2(py(draft.points[2 * i + 1]))}
            r={3}
            fill={pointColor(draft.labels[i], draft.classes, theme)}
          />,
        );
      }
    } else if (dataset) {
      const parts = showTest ? [dataset.train, dataset.test] : [dataset.train];
      parts.forEach((part, p) => {
        for (let i = 0; i < part.count; i++) {
          marks.push(
            <circle
              key={`${p}:${i}`}
              className={p === 0 ? 'db-point' : 'db-point db-test'}
              data-train-index={p === 0 ? i : undefined}
              cx={round2(px(part.points[2 * i]))}
              cy={round2(py(part.points[2 * i + 1]))}
              r={3}
              fill={pointColor(part.labels[i], dataset.classes, theme)}
            />,
          );
        }
      });
    }
    return marks;
  }, [editing, draft, dataset, showTest, theme]);

  const gradientId = `db-legend-${theme}`;
  const legend = ((): ReactNode => {
    if (!hoveredNode && mode.kind === 'multi') {
      return (
        <ul className="db-legend-classes" aria-label="Colour legend">
          {Array.from({ length: mode.classes }, (_, k) => (
            <li key={k}>
              <span
                className="db-swatch"
                style={{ background: classColor(k, 1, theme) }}
                aria-hidden="true"
              />
              Class {k + 1}
            </li>
          ))}
          <li className="db-legend-note">paler = less confident</li>
        </ul>
      );
    }
    const [lo, mid, hi] = hoveredNode
      ? ['−', '0', '+']
      : mode.kind === 'binary'
        ? mode.range[0] === 0
          ? ['0 (class 1)', '0.5', '1 (class 2)']
          : ['−1 (class 1)', '0', '1 (class 2)']
        : ['−1', '0', '1'];
    const stops = [-1, -0.5, 0, 0.5, 1];
    return (
      <figure className="db-legend" aria-label="Colour legend">
        <svg viewBox="0 0 200 10" preserveAspectRatio="none" aria-hidden="true">
          <defs>
            <linearGradient id={gradientId}>
              {stops.map((t) => (
                <stop key={t} offset={`${(t + 1) * 50}%`} stopColor={divergingColor(t, 1, theme)} />
              ))}
            </linearGradient>
          </defs>
          <rect width="200" height="10" fill={`url(#${gradientId})`} />
        </svg>
        <figcaption>
          <span>{lo}</span>
          <span>{mid}</span>
          <span>{hi}</span>
        </figcaption>
      </figure>
    );
  })();

  const drawnClasses = draft?.classes ?? classes;

  return (
    <div className="db">
      <div className="db-toolbar">
        <label>
          <input
            type="checkbox"
            checked={showTest}
            onChange={(e) => store.getState().setUi({ showTestPoints: e.target.checked })}
          />
          Show test data
        </label>
        <label>
          <input
            type="checkbox"
            checked={discretize}
            onChange={(e) => store.getState().setUi({ discretize: e.target.checked })}
          />
          Discretize
        </label>
        <button type="button" aria-pressed={editing} onClick={editing ? stopEditing : startEditing}>
          {editing ? 'Done editing' : 'Edit points'}
        </button>
      </div>
      <p className="db-caption" aria-live="polite">
        {hoveredNode
          ? hoveredCaption(hoveredNode, config, outputLayer)
          : editing
            ? 'Click to add a point; Alt-click or right-click erases.'
            : '\u00a0'}
      </p>
      <div className="db-figure" style={{ aspectRatio: `${VIEW_W} / ${VIEW_H}` }}>
        <svg className="db-axes" viewBox={`0 0 ${VIEW_W} ${VIEW_H}`} aria-hidden="true">
          {ticksX.map((t) => (
            <text key={`x${t.value}`} x={MARGIN.left + t.px} y={MARGIN.top + PLOT + 15} textAnchor="middle">
              {t.label.replace('-', '−')}
            </text>
          ))}
          {ticksY.map((t) => (
            <text
              key={`y${t.value}`}
              x={MARGIN.left - 4}
              y={MARGIN.top + t.px}
              textAnchor="end"
              dominantBaseline="middle"
            >
              {t.label.replace('-', '−')}
            </text>
          ))}
        </svg>
        <div
          ref={plotRef}
          className="db-plot"
          data-editing={editing ? 'true' : undefined}
          data-tool={editing ? tool : undefined}
          style={{
            left: `${(MARGIN.left / VIEW_W) * 100}%`,
            top: `${(MARGIN.top / VIEW_H) * 100}%`,
            width: `${(PLOT / VIEW_W) * 100}%`,
            height: `${(PLOT / VIEW_H) * 100}%`,
          }}
          onClick={onPlotClick}
          onContextMenu={onContextMenu}
        >
          <canvas ref={canvasRef} className="db-canvas" width={1} height={1} aria-hidden="true" />
          <svg
            className="db-overlay"
            viewBox={`0 0 ${PLOT} ${PLOT}`}
            role="img"
            aria-label={`The input plane from −${D} to ${D} on both axes, with ${dataset?.train.count ?? 0} training points`}
          >
            <path ref={contourRef} className="db-contour" fill="none" />
            <g className="db-points">{pointMarks}</g>
          </svg>
        </div>
      </div>
      {legend}
      {editing ? (
        <div className="db-edit" role="group" aria-label="Edit points">
          <p className="db-note">Each edit restarts training on the drawn points.</p>
          <fieldset className="db-tools">
            <legend>Tool</legend>
            <label>
              <input type="radio" name="db-tool" checked={tool === 'add'} onChange={() => setTool('add')} />
              Add
            </label>
            <label>
              <input
                type="radio"
                name="db-tool"
                checked={tool === 'erase'}
                onChange={() => setTool('erase')}
              />
              Erase
            </label>
          </fieldset>
          {drawnClasses === 0 ? (
            <label>
              Value of new points
              <input
                type="text"
                inputMode="decimal"
                value={newValue}
                onChange={(e) => setNewValue(e.target.value)}
              />
            </label>
          ) : (
            <label>
              Class of new points
              <select value={newClass} onChange={(e) => setNewClass(Number(e.target.value))}>
                {Array.from({ length: Math.max(2, drawnClasses) }, (_, k) => (
                  <option key={k} value={k + 1} style={{ color: CLASS_COLORS[k % CLASS_COLORS.length] }}>
                    Class {k + 1}
                  </option>
                ))}
              </select>
            </label>
          )}
          <form className="db-keyboard-add" onSubmit={onKeyboardAdd}>
            <label>
              x₁
              <input
                type="text"
                inputMode="decimal"
                size={4}
                value={keyX}
                onChange={(e) => setKeyX(e.target.value)}
              />
            </label>
            <label>
              x₂
              <input
                type="text"
                inputMode="decimal"
                size={4}
                value={keyY}
                onChange={(e) => setKeyY(e.target.value)}
              />
            </label>
            <button type="submit">Add point</button>
          </form>
          <button type="button" onClick={clear} disabled={!draft || draft.count === 0}>
            Clear points
          </button>
          {customData ? (
            <button
              type="button"
              title="Back to the generated dataset (restarts training)"
              onClick={() => {
                store.getState().setCustomData(null);
                stopEditing();
              }}
            >
              Use generated data
            </button>
          ) : null}
          <p className="db-count">{draft ? `${draft.count} points drawn` : ''}</p>
          {message ? (
            <p className="db-message" role="status">
              {message}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
