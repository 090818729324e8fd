/**
 * The network graph: input features, hidden layers and outputs as columns of nodes, each node a small
 * map of its value over the input plane, edges by weight (or gradient, or change, by phase).
 *
 * A thin component (as llm-viz's: React for structure, a render class for frames). It selects the
 * network's shape (shape.ts), compared by value so live settings do not rebuild it; builds the pure
 * geometry (geometry.ts); renders the structure once per shape (GraphStructure.tsx) with the
 * architecture controls, tooltip and weight editor around it; and hands each frame to the imperative
 * renderer (renderer.ts) from a store subscription, at most once per animation frame.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand';
import type { FeatureId } from '../../engine';
import type { AppState } from '../../store/types';
import { useFrameSubscription } from '../shared/useFrameSubscription';
import { ViewExportMenu } from '../shared/ViewExportMenu';
import { PHONE_QUERY, useMediaQuery } from '../shared/useMediaQuery';
import { useTheme } from '../shared/useTheme';
import { FeatureToggles, HiddenLayerStepper, NeuronSteppers } from './ArchitectureControls';
import { drawsEdgesOnCanvas } from './canvasPainters';
import { percentOf } from '../../model/format';
import { phaseCaption } from './phaseCaption';
import { networkGeometry, PHONE_VIEW_WIDTH, showsNodeValues, VIEW_WIDTH } from './geometry';
import { EdgeCanvases, GraphStructure, NeuronMaps } from './GraphStructure';
import { NetworkRenderer } from './renderer';
import type { RenderSetup } from './renderer';
import { createGraphShapeSelector } from './graphShape';
import { useTooltipAndEditor } from './useTooltipAndEditor';
import { WeightEditor } from './WeightEditor';
import '../views.css';

export interface NetworkGraphProps {
  store: StoreApi<AppState>;
}

export function NetworkGraph({ store }: NetworkGraphProps) {
  // Only the shape, compared by value: a live setting must not rebuild the graph (closing an open
  // tooltip or editor).
  const [selectShape] = useState(createGraphShapeSelector);
  const { features, hiddenLayers, outputs, activation, outputActivation } = useStore(store, selectShape);
  const selectedExample = useStore(store, (s) => s.ui.selectedExample);
  const phase = useStore(store, (s) => s.phase);
  const stepCaption = phaseCaption(phase, hiddenLayers.length + 1);
  const theme = useTheme();
  const phone = useMediaQuery(PHONE_QUERY);
  const geometry = useMemo(
    () => networkGeometry(features, hiddenLayers, outputs, phone ? PHONE_VIEW_WIDTH : VIEW_WIDTH),
    [features, hiddenLayers, outputs, phone],
  );
  const { width, height } = geometry;
  const canvasEdges = useMemo(() => drawsEdgesOnCanvas(geometry), [geometry]);

  const figureRef = useRef<HTMLDivElement>(null);
  const rendererRef = useRef<NetworkRenderer | null>(null);
  const { tip, editing, tipTextRef, editorInfoRef, writeReadouts, handlers, apply, cancel } =
    useTooltipAndEditor(store, geometry, figureRef);

  // The neuron maps need every neuron over the grid.
  useEffect(() => {
    if (!store.getState().ui.gridNeurons) store.getState().setUi({ gridNeurons: true });
  }, [store]);

  // A new setup restarts the subscription with a new renderer on the new elements (after a change
  // of structure, or of theme).
  const setup: RenderSetup = useMemo(
    () => ({ geometry, theme, activation, outputActivation }),
    [geometry, theme, activation, outputActivation],
  );
  const draw = (state: AppState, prev: AppState | null): void => {
    const root = figureRef.current;
    if (!root) return;
    if (!rendererRef.current || prev === null) rendererRef.current = new NetworkRenderer(root, setup);
    rendererRef.current.draw(state, prev);
    if (prev === null || state.frame !== prev.frame || state.ui.selectedExample !== prev.ui.selectedExample)
      writeReadouts(state);
  };
  const { drawNow } = useFrameSubscription(store, draw, setup, undefined, figureRef);

  // The canvases (edges, neuron maps) are redrawn at the new size when the figure is resized (also
  // while paused); the per-layer steppers read the width to decide whether they fit side by side.
  const [figureWidthPx, setFigureWidthPx] = useState(0);
  useEffect(() => {
    const root = figureRef.current;
    if (!root || typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(() => {
      rendererRef.current?.repaintCanvases();
      setFigureWidthPx(Math.round(root.clientWidth));
    });
    observer.observe(root);
    return () => observer.disconnect();
  }, [geometry]);

  const setHiddenLayers = (next: number[]): void => void store.getState().setConfig({ hiddenLayers: next });
  const setFeatures = (next: FeatureId[]): void => void store.getState().setConfig({ features: next });

  return (
    <div className="nn">
      <div className="nn-toolbar">
        <HiddenLayerStepper hiddenLayers={hiddenLayers} onChange={setHiddenLayers} />
        <span className="nn-caption">
          Node values:{' '}
          {selectedExample === null ? 'batch mean' : `example ${selectedExample + 1} of the batch`}
        </span>
        <ViewExportMenu view="network graph" figure=".nn-figure" svg=".nn-svg" fileName="network-graph" />
      </div>
      {/* Where in the network the current phase happens, in words beside the highlighted layer. */}
      <p className="nn-phase" data-phase={phase.kind} hidden={!stepCaption}>
        {stepCaption}
      </p>
      <NeuronSteppers
        geometry={geometry}
        hiddenLayers={hiddenLayers}
        onChange={setHiddenLayers}
        widthPx={figureWidthPx}
      />
      <div
        className="nn-figure"
        ref={figureRef}
        // --nn-aspect lets the stepping layout fit the graph to a height (styles.css).
        style={{ aspectRatio: `${width} / ${height}`, ['--nn-aspect' as string]: width / height }}
        {...handlers}
      >
        {/* Every network's edges go on these while playing (renderer.ts); big networks' always. */}
        <EdgeCanvases geometry={geometry} />
        <NeuronMaps />
        <svg
          className="nn-svg"
          viewBox={`0 0 ${width} ${height}`}
          role="group"
          aria-label="Network graph: arrow keys move between weights or between neurons; Enter edits a weight"
        >
          <GraphStructure
            geometry={geometry}
            features={features}
            showText={showsNodeValues(geometry)}
            canvasEdges={canvasEdges}
          />
        </svg>
        {tip ? (
          <div
            className="nn-tip"
            role="tooltip"
            style={{ left: percentOf(tip.x, width), top: percentOf(tip.y, height) }}
            data-below={tip.y < height * 0.3 ? 'true' : undefined}
          >
            <strong>{tip.label}</strong>
            <span ref={tipTextRef} className="nn-tip-values" />
          </div>
        ) : null}
        {editing ? (
          <WeightEditor
            key={editing.key}
            editing={editing}
            width={width}
            height={height}
            infoRef={(el) => {
              editorInfoRef.current = el;
            }}
            onApply={(value) => {
              apply(value);
              drawNow();
            }}
            onCancel={cancel}
          />
        ) : null}
      </div>
      <FeatureToggles features={features} onChange={setFeatures} />
    </div>
  );
}
