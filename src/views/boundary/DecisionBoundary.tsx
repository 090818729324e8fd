/**
 * The decision boundary: the network's output over the input plane with the data points and the
 * decision contour (BoundaryCanvas), a colour legend (BoundaryLegend), and "Edit points", which turns
 * the plane into a drawing surface (usePointEditing, PointEditor). When a neuron is hovered in the
 * network graph, its map replaces the output. A model file's data that is not a set of plane points
 * is listed per example instead (OutputsPerExample).
 */
import { lazy, Suspense, useMemo } from 'react';
import type { MouseEvent } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand';
import { FEATURE_BY_ID } from '../../engine';
import type { AppState, HoveredNode } from '../../store/types';
import { OUTPUTS, classCountOf } from '../../model/config';
import type { RunConfig } from '../../model/config';
import { ViewExportMenu } from '../shared/ViewExportMenu';
import { useTheme } from '../shared/useTheme';
import { BoundaryCanvas } from './BoundaryCanvas';
import { BoundaryLegend } from './BoundaryLegend';
import { outputMode } from './boundaryPaint';
import type { PaintSetup } from './boundaryPaint';
import { PointEditor } from './PointEditor';
import { usePointEditing } from './usePointEditing';
import '../views.css';

// Only a model file's non-plane examples need it, and it brings the engine's forward pass (createMLP):
// its own chunk keeps both out of the page's first load (DESIGN.md's initial-JS budget).
const OutputsPerExample = lazy(() =>
  import('./OutputsPerExample').then((m) => ({ default: m.OutputsPerExample })),
);

function hoveredCaption(node: HoveredNode, config: RunConfig, outputLayer: number): string {
  if (node.layer < 0)
    return `Showing input ${FEATURE_BY_ID[config.features[node.unit]]?.label ?? node.unit + 1} (hovered in the network)`;
  if (node.layer === outputLayer) return `Showing output ${node.unit + 1} (hovered in the network)`;
  return `Showing neuron ${node.unit + 1} of layer ${node.layer + 1} (hovered in the network)`;
}

export interface DecisionBoundaryProps {
  store: StoreApi<AppState>;
}

export function DecisionBoundary({ store }: DecisionBoundaryProps) {
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
  const setup = useMemo(
    (): PaintSetup => ({ mode, theme, discretize, hoveredNode, activation, outputActivation, outputLayer }),
    [mode, theme, discretize, hoveredNode, activation, outputActivation, outputLayer],
  );

  const editor = usePointEditing(store, { customData, dataset, classes });
  const { editing } = editor;

  // A model file's examples that are not points of the plane: list them instead of a plane.
  if (dataset?.model && !dataset.model.pointSet)
    return (
      <Suspense fallback={<p className="db-caption">Loading the examples…</p>}>
        <OutputsPerExample store={store} model={dataset.model} />
      </Suspense>
    );

  const onPlotClick = (e: MouseEvent): void => {
    if (editing) {
      editor.onPlotClick(e);
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
        <button type="button" aria-pressed={editing} onClick={editing ? editor.stop : editor.start}>
          {editing ? 'Done editing' : 'Edit points'}
        </button>
        <ViewExportMenu view="decision boundary" figure=".db-figure" fileName="decision-boundary" />
      </div>
      <p className="db-caption" aria-live="polite">
        {hoveredNode
          ? hoveredCaption(hoveredNode, config, outputLayer)
          : editing
            ? 'Click to add a point; Alt-click or right-click erases.'
            : '\u00a0'}
      </p>
      <BoundaryCanvas
        store={store}
        setup={setup}
        draft={editing ? editor.draft : null}
        dataset={dataset}
        showTest={showTest}
        editTool={editing ? editor.tool : null}
        plotRef={editor.plotRef}
        onClick={onPlotClick}
        onContextMenu={editor.onContextMenu}
      />
      <BoundaryLegend mode={mode} hoveredNode={hoveredNode} theme={theme} />
      {editing ? (
        <PointEditor
          editor={editor}
          classes={editor.draft?.classes ?? classes}
          hasCustomData={customData !== null}
        />
      ) : null}
    </div>
  );
}
