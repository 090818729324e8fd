/**
 * A run's snapshot for the page to keep (crash recovery, links): the base config and data, the
 * keyframe of the last step boundary, the live changes up to the step after it and the loss
 * history up to it, plus the model file when the run began from one. restoreRun rebuilds from it.
 */
import type { Dataset } from '../engine';
import type { RunConfig } from '../model/config';
import type { LoadedModel } from './loadModel';
import type { LossHistory } from './lossHistory';
import type { Keyframe, RunSnapshot } from './protocol';
import { copyConfig, copyDataset } from './runData';
import type { Timeline } from './timeline';

/** The snapshot at keyframe `kf` (a copy the caller no longer touches). */
export function snapshotAt(
  kf: Keyframe,
  run: {
    baseConfig: RunConfig;
    customData: Dataset | null;
    timeline: Timeline;
    history: LossHistory;
    loaded: LoadedModel | null;
  },
): RunSnapshot {
  const limit = kf.step + 1;
  return {
    version: 1,
    baseConfig: copyConfig(run.baseConfig),
    customData: copyDataset(run.customData),
    keyframe: kf,
    events: run.timeline.events.filter((e) => e.step <= limit).map((e) => ({ ...e })),
    history: run.history.upTo(kf.step),
    maxStep: kf.step,
    ...(run.loaded ? { model: run.loaded.document } : {}),
  };
}
