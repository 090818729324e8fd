/**
 * A run's data, prepared once when it starts: the config as sanitized for the data in use, the
 * points (generated from the seed, or the user's own), the seeded train/test split, and the
 * feature and target matrices the network trains and is evaluated on.
 */
import {
  buildFeatures,
  buildTargets,
  createRng,
  generateDataset,
  splitDataset,
  targetColumns,
  type Dataset,
  type FeatureId,
  type MLPSpec,
  type TargetEncoding,
} from '../engine';
import { DEFAULT_CONFIG, mlpSpecOf, OUTPUTS, sanitizeConfig, type RunConfig } from '../model/config';
import { classCountOf, targetEncodingOf } from '../model/outputs';
import { fittedPlaneHalfWidth, PLANE_HALF_WIDTH, planeHalfWidthOf } from '../model/plane';
import { toF32 } from './float32';
import type { FrameDataPoints, FrameDataset } from './protocol';

/** Independent streams from one seed: the data and the batch order must not share random numbers. */
export function deriveSeed(seed: number, stream: number): number {
  return ((seed >>> 0) ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
}
export const DATA_STREAM = 1;
export const BATCH_STREAM = 2;

export interface RunData {
  /** The config the run started with, sanitized for the data in use. */
  baseConfig: RunConfig;
  /** The user's own points, or null for the generated dataset. */
  customData: Dataset | null;
  encoding: TargetEncoding;
  train: Dataset;
  test: Dataset;
  /** 2 binary, k multi-class, 0 regression. */
  classes: number;
  /** The input plane the grids sample and the page draws: [−w, w]² (model/plane.ts). */
  planeHalfWidth: number;
  features: FeatureId[];
  /** Input width (one per feature). */
  d: number;
  /** Target width (columns of Y in the output's encoding). */
  outUnits: number;
  /** n × d features and n × outUnits targets of the training and test sets. */
  trainX: Float64Array;
  trainY: Float64Array;
  testX: Float64Array;
  testY: Float64Array;
}

/** Draws (or takes) the points, splits them and builds X and Y. Throws if the output cannot fit them. */
export function prepareRunData(inputConfig: RunConfig, customData: Dataset | null): RunData {
  const baseConfig: RunConfig = sanitizeConfig(inputConfig, DEFAULT_CONFIG, customData).value;
  const encoding = targetEncodingOf(baseConfig.output, classCountOf(baseConfig, customData));
  const dataRng = createRng(deriveSeed(baseConfig.seed, DATA_STREAM));
  const full =
    customData ??
    generateDataset({
      kind: baseConfig.dataset,
      count: baseConfig.datasetSize,
      noise: baseConfig.noise,
      classes: baseConfig.classes,
      rng: dataRng,
    });
  const { train, test } = splitDataset(full, baseConfig.trainPercent / 100, dataRng);
  const classes = full.classes;
  if (encoding === 'value' && classes !== 0) {
    throw new Error(
      `The output "${OUTPUTS[baseConfig.output].label}" is for regression, but the data has ${classes} classes.`,
    );
  }
  if (encoding !== 'value' && classes === 0) {
    throw new Error(
      `The output "${OUTPUTS[baseConfig.output].label}" is for classification, but the data is a regression set.`,
    );
  }
  if (encoding !== 'one-hot' && classes > 2) {
    throw new Error(
      `The output "${OUTPUTS[baseConfig.output].label}" is binary, but the data has ${classes} classes.`,
    );
  }
  const features = baseConfig.features;
  return {
    baseConfig,
    customData,
    encoding,
    train,
    test,
    classes,
    // The points' own plane, widened if it does not hold them all (it came from the page).
    planeHalfWidth: customData
      ? Math.max(planeHalfWidthOf(customData), fittedPlaneHalfWidth(full.points, full.count))
      : PLANE_HALF_WIDTH,
    features,
    d: features.length,
    outUnits: targetColumns(classes, encoding),
    trainX: buildFeatures(train.points, train.count, features),
    testX: buildFeatures(test.points, test.count, features),
    trainY: buildTargets(train, encoding),
    testY: buildTargets(test, encoding),
  };
}

/** The points as the first frame of a run carries them (float32 copies). */
export function frameDatasetOf(data: RunData): FrameDataset {
  const points = (ds: Dataset): FrameDataPoints => ({
    points: toF32(ds.points, 2 * ds.count),
    labels: toF32(ds.labels, ds.count),
    count: ds.count,
  });
  return {
    train: points(data.train),
    test: points(data.test),
    classes: data.classes,
    planeHalfWidth: data.planeHalfWidth,
  };
}

/** A deep copy of the user's points, for a snapshot. */
export function copyDataset(data: Dataset | null): Dataset | null {
  return data ? { ...data, points: data.points.slice(), labels: data.labels.slice() } : null;
}

/** The network this run trains: the config's, with as many softmax units as the data has classes. */
export function modelSpecOf(data: RunData): MLPSpec {
  const spec = mlpSpecOf(data.baseConfig, data.customData);
  if (data.encoding === 'one-hot') spec.layers[spec.layers.length - 1].units = data.classes;
  return spec;
}

/** A copy of a config that shares no arrays with it, for a snapshot. */
export function copyConfig(config: RunConfig): RunConfig {
  return { ...config, features: [...config.features], hiddenLayers: [...config.hiddenLayers] };
}
