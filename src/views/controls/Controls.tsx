/**
 * Everything the user edits, in three groups:
 * - playback (play/pause, steps, reset, speed; also on its own as Playback);
 * - training settings, live (DESIGN.md "Hyperparameters"): applied with setTraining from the next
 *   step, never restarting the run;
 * - data and network settings, which restart the run (setConfig) and say so beside each control.
 * Controls a link hid (`<configKey>_hide=true`) are not rendered.
 *
 * React renders only coarse state here: the config, the playback flags, the dataset's size. Hot
 * frame data never reaches this component.
 */
import { useShallow } from 'zustand/react/shallow';
import { useStore, type StoreApi } from 'zustand';
import { DATASETS, INITS, OPTIMIZERS, REGULARIZATIONS, type DatasetKind } from '../../engine';
import type { AppState } from '../../store/types';
import {
  ACTIVATION_LABELS,
  HIDDEN_ACTIVATIONS,
  INIT_LABELS,
  LIMITS,
  OPTIMIZER_LABELS,
  OUTPUTS,
  outputsFor,
  REGULARIZATION_LABELS,
  trainCountOf,
  type RunConfig,
  type TrainingSettings,
} from '../../model/config';
import { DatasetGallery } from './DatasetGallery';
import { inputNumber } from '../../model/format';
import { NumberField, SelectField, type NumberFieldProps } from './fields';
import { switchToGeneratedData, switchToOwnData } from './customData';
import { hiddenSet } from './hiddenControls';
import { ImportCsv } from './ImportCsv';
import { LearningRate } from './LearningRate';
import { PlaybackControls } from './PlaybackControls';

function options<T extends string>(values: readonly T[], labels: Readonly<Record<T, string>>) {
  return values.map((value) => ({ value, label: labels[value] }));
}

export interface ControlsProps {
  store: StoreApi<AppState>;
  /**
   * Whether the playback group comes first (default). The phone layout places it on its own, outside
   * the settings tab, so Play stays on screen whichever tab is open.
   */
  withPlayback?: boolean;
}

/** Play/Pause, the steps, Reset and the speed, wired to the store. */
export function Playback({ store }: { store: StoreApi<AppState> }) {
  const s = useStore(
    store,
    useShallow((st: AppState) => ({
      playing: st.playing,
      speed: st.speed,
      diverged: st.diverged !== null,
      hiddenControls: st.ui.hiddenControls,
    })),
  );
  return (
    <PlaybackControls
      playing={s.playing}
      speed={s.speed}
      diverged={s.diverged}
      showSpeed={!hiddenSet(s.hiddenControls).has('speed')}
      onTogglePlay={() => store.getState().togglePlay()}
      onStep={() => store.getState().stepOnce()}
      onStepLayer={() => store.getState().stepLayer()}
      onStepBack={() => store.getState().stepBack()}
      onReset={() => store.getState().reset()}
      onSpeed={(speed) => store.getState().setSpeed(speed)}
    />
  );
}

export function Controls({ store, withPlayback = true }: ControlsProps) {
  const s = useStore(
    store,
    useShallow((st: AppState) => ({
      config: st.config,
      customData: st.customData,
      hiddenControls: st.ui.hiddenControls,
      trainCount: st.dataset?.train.count ?? null,
      modelData: st.dataset?.model ?? null,
    })),
  );
  const { config, customData, modelData } = s;
  // The run trains on its own examples (drawn, imported, or a model file's), not a generated set: no
  // dataset is chosen, the generator's noise and size do not apply (nor, to a model file's own
  // train/test parts, the split), and the outputs are those that fit the examples.
  const ownData = customData ?? modelData;
  const hidden = hiddenSet(s.hiddenControls);
  const show = (name: string): boolean => !hidden.has(name);

  const live = (patch: Partial<TrainingSettings>): void => store.getState().setTraining(patch);
  const restart = (patch: Partial<RunConfig>): void => {
    store.getState().setConfig(patch);
  };

  // The number fields share their shape: the value from the config, the range from LIMITS, a commit
  // that sets that one key (live for training settings, restarting for the rest).
  type FieldText = Pick<NumberFieldProps, 'label' | 'hint' | 'integer' | 'children'>;
  const liveNumber = (key: 'beta' | 'beta1' | 'beta2' | 'regularizationRate', text: FieldText) => {
    const range = key === 'regularizationRate' ? LIMITS.regularizationRate : LIMITS.beta;
    return (
      <NumberField
        {...text}
        value={config[key]}
        min={range.min}
        max={range.max}
        onCommit={(value) => live({ [key]: value })}
      />
    );
  };
  const restartNumber = (
    key: 'classes' | 'noise' | 'trainPercent' | 'datasetSize' | 'seed' | 'initScale',
    text: FieldText,
  ) => (
    <NumberField
      {...text}
      value={config[key]}
      min={LIMITS[key].min}
      max={LIMITS[key].max}
      restarts
      onCommit={(value) => restart({ [key]: value })}
    />
  );

  // "Full batch" is the training set's size: from the run's data when there is one.
  const trainCount =
    s.trainCount ??
    trainCountOf({
      datasetSize: customData ? customData.count : config.datasetSize,
      trainPercent: config.trainPercent,
    });
  const fullBatch = config.batchSize >= trainCount;
  const outputs = outputsFor(config, ownData);
  const isMultiClass = !ownData && DATASETS[config.dataset].classCount !== undefined;

  return (
    <div className="controls">
      {withPlayback && <Playback store={store} />}

      <fieldset className="control-group">
        <legend>
          Training <span className="legend-note">applies from the next step</span>
        </legend>
        {show('learningRate') && (
          <LearningRate value={config.learningRate} onCommit={(v) => live({ learningRate: v })} />
        )}
        {show('optimizer') && (
          <>
            <SelectField
              label="Optimizer"
              value={config.optimizer}
              options={options(OPTIMIZERS, OPTIMIZER_LABELS)}
              onChange={(optimizer) => live({ optimizer })}
            />
            <details className="betas">
              <summary>Optimizer settings (β)</summary>
              {show('beta') &&
                liveNumber('beta', {
                  label: 'Momentum β',
                  hint: config.optimizer === 'momentum' ? 'v ← β·v + dW' : 'used by Momentum',
                })}
              {show('beta1') && liveNumber('beta1', { label: 'Adam β₁', hint: 'decay of the mean of dW' })}
              {show('beta2') && liveNumber('beta2', { label: 'Adam β₂', hint: 'decay of the mean of dW²' })}
            </details>
          </>
        )}
        {show('regularization') && (
          <SelectField
            label="Regularization"
            value={config.regularization}
            options={options(REGULARIZATIONS, REGULARIZATION_LABELS)}
            onChange={(regularization) => live({ regularization })}
          />
        )}
        {show('regularizationRate') &&
          liveNumber('regularizationRate', {
            label: 'Regularization rate',
            hint: config.regularization === 'none' ? 'no effect while Regularization is None' : 'λ',
          })}
        {show('batchSize') && (
          <NumberField
            label="Batch size"
            value={Math.min(config.batchSize, trainCount)}
            min={LIMITS.batchSize.min}
            max={trainCount}
            integer
            onCommit={(batchSize) => live({ batchSize })}
            describeMax={(max) => `${max} (the training set)`}
            hint={`1 … ${trainCount}; ${trainCount} is the full batch`}
          >
            <label className="checkbox">
              <input
                type="checkbox"
                checked={fullBatch}
                onChange={(e) =>
                  live({
                    batchSize: e.target.checked
                      ? LIMITS.batchSize.max
                      : Math.max(1, Math.min(10, trainCount - 1)),
                  })
                }
              />
              Full batch
            </label>
          </NumberField>
        )}
      </fieldset>

      <fieldset className="control-group">
        <legend>Data</legend>
        {modelData && (
          <p className="field-hint">
            Training on the model file’s {modelData.count} {modelData.count === 1 ? 'example' : 'examples'}. A
            setting marked ↻ starts over on the app’s own data and weights; Reset goes back to the file.
          </p>
        )}
        {show('dataset') && (
          <DatasetGallery
            value={ownData ? null : config.dataset}
            classes={config.classes}
            onChange={(dataset: DatasetKind) => switchToGeneratedData(store, { dataset })}
          />
        )}
        {show('classes') && isMultiClass && restartNumber('classes', { label: 'Classes', integer: true })}
        {show('noise') && !ownData && restartNumber('noise', { label: 'Noise', hint: '0 … 50 %' })}
        {show('trainPercent') &&
          !modelData &&
          restartNumber('trainPercent', {
            label: 'Training data %',
            hint: '10 … 90; the rest is the test set',
            integer: true,
          })}
        {show('datasetSize') &&
          !ownData &&
          restartNumber('datasetSize', {
            label: 'Points',
            hint: `${LIMITS.datasetSize.min} … ${LIMITS.datasetSize.max}, train and test together`,
            integer: true,
          })}
        {show('seed') &&
          restartNumber('seed', {
            label: 'Seed',
            integer: true,
            // Said in words, not only in a hover title (a phone has no hover).
            hint: show('regenerate') ? 'Regenerate: seed + 1, new data, weights and batch order' : undefined,
            children: show('regenerate') && (
              <button
                type="button"
                onClick={() => store.getState().regenerate()}
                title="New data, weights and batch order (seed + 1)"
              >
                Regenerate
              </button>
            ),
          })}
        {show('importCsv') && (
          <ImportCsv
            customData={customData}
            onImport={(data, notice) => {
              switchToOwnData(store, data);
              if (notice) store.getState().addNotice(notice);
            }}
            onUseGenerated={() => switchToGeneratedData(store)}
            onRefuse={(message) => store.getState().setError(message)}
            onClearRefusal={(message) => {
              if (store.getState().ui.error === message) store.getState().setError(null);
            }}
          />
        )}
      </fieldset>

      <fieldset className="control-group">
        <legend>Network</legend>
        {show('activation') && (
          <SelectField
            label="Activation"
            value={config.activation}
            options={options(HIDDEN_ACTIVATIONS, ACTIVATION_LABELS)}
            onChange={(activation) => restart({ activation })}
            restarts
            hint="of the hidden layers"
          />
        )}
        {show('init') && (
          <SelectField
            label="Initialization"
            value={config.init}
            options={options(INITS, INIT_LABELS)}
            onChange={(init) => restart({ init })}
            restarts
            // The select shows the config's init; a model file brought its own weights.
            hint={modelData ? 'this run’s weights came from the model file' : undefined}
          />
        )}
        {show('initScale') &&
          config.init === 'small' &&
          restartNumber('initScale', {
            label: 'Init scale',
            hint: `W = randn × ${inputNumber(config.initScale)} (the seed article uses 0.01)`,
          })}
        {show('output') && (
          <SelectField
            label="Output"
            value={outputs.includes(config.output) ? config.output : outputs[0]}
            options={outputs.map((o) => ({ value: o, label: OUTPUTS[o].label }))}
            onChange={(output) => restart({ output })}
            restarts
            hint={
              outputs.length === 1
                ? 'the only output that fits this data'
                : ownData?.classes === 0 || (!ownData && DATASETS[config.dataset].problem === 'regression')
                  ? 'regression'
                  : 'binary classification'
            }
          />
        )}
      </fieldset>
    </div>
  );
}
