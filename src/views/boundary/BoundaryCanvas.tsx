/**
 * The plane itself: the network's output painted on a small canvas (one pixel per grid cell, scaled
 * by CSS) under an SVG overlay with the decision contour and the data points, and the axes around it.
 *
 * The canvas and the contour are drawn imperatively from a store subscription, at most once per
 * animation frame; the points (which change only when the data does) are rendered by React.
 */
import { useMemo, useRef } from 'react';
import type { MouseEvent, ReactNode, RefObject } from 'react';
import type { StoreApi } from 'zustand';
import type { Dataset } from '../../engine';
import type { AppState } from '../../store/types';
import type { FrameDataset } from '../../worker/protocol';
import { classColor, divergingColor } from '../shared/colors';
import type { Theme } from '../shared/colors';
import { planeHalfWidthOf } from '../../model/plane';
import { useFrameSubscription } from '../shared/useFrameSubscription';
import { contourPath, paintPixels, paintScratch } from './boundaryPaint';
import type { PaintSetup } from './boundaryPaint';
import { MARGIN, PLOT, VIEW_H, VIEW_W, planeScale, planeTicks, round2 } from './plane';

/** The plot's mappings from plane to SVG units, and its ticks, for a plane of half-width `domain`. */
function plotAxes(domain: number) {
  return {
    toPlotX: planeScale(PLOT, 'x', domain),
    toPlotY: planeScale(PLOT, 'y', domain),
    ticksX: planeTicks(PLOT, 'x', 5, domain),
    ticksY: planeTicks(PLOT, 'y', 5, domain),
  };
}
type PlotAxes = ReturnType<typeof plotAxes>;

function pointColor(label: number, classes: number, theme: Theme): string {
  return classes === 0 ? divergingColor(label, 1, theme) : classColor(label, 1, theme);
}

function pointMark(
  { toPlotX, toPlotY }: PlotAxes,
  key: string,
  className: string,
  x1: number,
  x2: number,
  fill: string,
  trainIndex?: number,
) {
  return (
    <circle
      key={key}
      className={className}
      data-train-index={trainIndex}
      cx={round2(toPlotX(x1))}
      cy={round2(toPlotY(x2))}
      r={3}
      fill={fill}
    />
  );
}

export interface BoundaryCanvasProps {
  store: StoreApi<AppState>;
  setup: PaintSetup;
  /** The points being drawn (while editing), shown instead of the run's data. */
  draft: Dataset | null;
  dataset: FrameDataset | null;
  showTest: boolean;
  /** Set while editing: the plot's cursor follows the tool. */
  editTool: 'add' | 'erase' | null;
  /** The plot box, whose client rect the click-to-edit hit test maps to the plane. */
  plotRef: RefObject<HTMLDivElement | null>;
  onClick: (e: MouseEvent) => void;
  onContextMenu: (e: MouseEvent) => void;
}

export function BoundaryCanvas({
  store,
  setup,
  draft,
  dataset,
  showTest,
  editTool,
  plotRef,
  onClick,
  onContextMenu,
}: BoundaryCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const contourRef = useRef<SVGPathElement>(null);
  const imageRef = useRef<ImageData | null>(null);
  const scratchRef = useRef(paintScratch());
  // The plane: [−6, 6]² unless the points brought a tighter one (a model file's, model/plane.ts).
  const domain = planeHalfWidthOf(draft ?? dataset);
  const axes = useMemo(() => plotAxes(domain), [domain]);

  const draw = (state: AppState, prev: AppState | null): void => {
    const grid = state.grid;
    if (!grid || (prev !== null && grid === prev.grid)) return;
    const res = grid.resolution;
    contourRef.current?.setAttribute('d', contourPath(grid, setup, PLOT, scratchRef.current));

    const canvas = canvasRef.current;
    if (!canvas) return;
    if (canvas.width !== res) canvas.width = res;
    if (canvas.height !== res) canvas.height = res;
    const g = canvas.getContext('2d');
    if (!g) return;
    if (!imageRef.current || imageRef.current.width !== res) imageRef.current = g.createImageData(res, res);
    const outcome = paintPixels(grid, setup, scratchRef.current, imageRef.current.data);
    if (outcome === 'clear') g.clearRect(0, 0, res, res);
    else if (outcome === 'painted') g.putImageData(imageRef.current, 0, 0);
  };
  useFrameSubscription(store, draw, setup, (s, p) => s.grid !== p.grid, plotRef);

  // Points: the draft while editing, else the run's train (and optionally test) points. Memoised:
  // hovering a neuron re-renders this view, and there may be thousands of points.
  const theme = setup.theme;
  const pointMarks = useMemo((): ReactNode[] => {
    const marks: ReactNode[] = [];
    if (draft) {
      for (let i = 0; i < draft.count; i++) {
        const fill = pointColor(draft.labels[i], draft.classes, theme);
        marks.push(pointMark(axes, `d${i}`, 'db-point', draft.points[2 * i], draft.points[2 * i + 1], fill));
      }
    } else if (dataset) {
      const parts = showTest ? [dataset.train, dataset.test] : [dataset.train];
      parts.forEach((part, p) => {
        for (let i = 0; i < part.count; i++) {
          const fill = pointColor(part.labels[i], dataset.classes, theme);
          const className = p === 0 ? 'db-point' : 'db-point db-test';
          const [x1, x2] = [part.points[2 * i], part.points[2 * i + 1]];
          marks.push(pointMark(axes, `${p}:${i}`, className, x1, x2, fill, p === 0 ? i : undefined));
        }
      });
    }
    return marks;
  }, [axes, draft, dataset, showTest, theme]);

  return (
    <div className="db-figure" style={{ aspectRatio: `${VIEW_W} / ${VIEW_H}` }}>
      <svg className="db-axes" viewBox={`0 0 ${VIEW_W} ${VIEW_H}`} aria-hidden="true">
        {axes.ticksX.map((t) => (
          <text key={`x${t.value}`} x={MARGIN.left + t.px} y={MARGIN.top + PLOT + 15} textAnchor="middle">
            {t.label.replace('-', '−')}
          </text>
        ))}
        {axes.ticksY.map((t) => (
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
        data-editing={editTool ? 'true' : undefined}
        data-tool={editTool ?? undefined}
        style={{
          left: `${(MARGIN.left / VIEW_W) * 100}%`,
          top: `${(MARGIN.top / VIEW_H) * 100}%`,
          width: `${(PLOT / VIEW_W) * 100}%`,
          height: `${(PLOT / VIEW_H) * 100}%`,
        }}
        onClick={onClick}
        onContextMenu={onContextMenu}
      >
        <canvas ref={canvasRef} className="db-canvas" width={1} height={1} aria-hidden="true" />
        <svg
          className="db-overlay"
          viewBox={`0 0 ${PLOT} ${PLOT}`}
          role="img"
          aria-label={`The input plane from −${domain} to ${domain} on both axes, with ${dataset?.train.count ?? 0} training points`}
        >
          <path ref={contourRef} className="db-contour" fill="none" />
          <g className="db-points">{pointMarks}</g>
        </svg>
      </div>
    </div>
  );
}
