/**
 * Which output layers fit the data, defined once for the config's sanitizer (worker and store) and
 * the controls: a binary set takes sigmoid + BCE or tanh + squared error, a k-class set (k > 2)
 * softmax + cross-entropy, a regression set linear or tanh + squared error (a model file's also
 * sigmoid + squared error, with any number of target columns). The first is the default.
 *
 * The data is either the generated dataset the config names, or the user's own points (drawn or
 * imported), which then decide by their own classes whatever dataset the config still names.
 */
import { DATASETS, type Activation, type DatasetKind, type LossKind, type TargetEncoding } from '../engine';

/** The output layer and its loss, as offered per problem (DESIGN.md "Hyperparameters"). */
export type OutputKind = 'sigmoid-bce' | 'tanh-mse' | 'softmax-ce' | 'linear-mse' | 'sigmoid-mse';

export const OUTPUTS: Readonly<
  Record<OutputKind, { label: string; activation: Activation; loss: LossKind; encoding: TargetEncoding }>
> = {
  'sigmoid-bce': {
    label: 'Sigmoid + binary cross-entropy',
    activation: 'sigmoid',
    loss: 'bce',
    encoding: 'zero-one',
  },
  'tanh-mse': {
    label: 'Tanh + squared error (Playground)',
    activation: 'tanh',
    loss: 'mse',
    encoding: 'plus-minus-one',
  },
  'softmax-ce': {
    label: 'Softmax + cross-entropy',
    activation: 'softmax',
    loss: 'cross-entropy',
    encoding: 'one-hot',
  },
  'linear-mse': { label: 'Linear + squared error', activation: 'linear', loss: 'mse', encoding: 'value' },
  // Targets in (0, 1) with squared error, as in Mazur's step-by-step example: offered for a model
  // file's data only (the generated regression targets go below 0, out of a sigmoid's reach).
  'sigmoid-mse': { label: 'Sigmoid + squared error', activation: 'sigmoid', loss: 'mse', encoding: 'value' },
};

/** What decides the outputs: the config's dataset and class count. */
export type DataChoice = { dataset: DatasetKind; classes: number };

/**
 * The user's own data, when it replaces the generated dataset: drawn or imported points (their class
 * count matters), or a model file's examples, which also say how many target columns they have
 * (`outputs`: several for multi-output regression).
 */
export type OwnData = { classes: number; outputs?: number } | null | undefined;

/**
 * Number of classes of the data in use: 2 for binary, k for k classes, 0 for regression. Own data
 * decides by itself; otherwise the generated dataset (k from the config for the k-class sets).
 */
export function classCountOf(config: DataChoice, data?: OwnData): number {
  if (data) return data.classes;
  const info = DATASETS[config.dataset];
  if (info.problem === 'regression') return 0;
  return info.classCount ? config.classes : 2;
}

/** Output kinds that fit the data in use, the first being the default. */
export function outputsFor(config: DataChoice, data?: OwnData): OutputKind[] {
  const classes = classCountOf(config, data);
  if (classes === 0) {
    return data?.outputs !== undefined
      ? ['linear-mse', 'tanh-mse', 'sigmoid-mse']
      : ['linear-mse', 'tanh-mse'];
  }
  if (classes > 2) return ['softmax-ce'];
  return ['sigmoid-bce', 'tanh-mse'];
}

/**
 * How the targets are written for this output on this data: a tanh output on a regression set
 * (Playground's regression) learns the values themselves, which the import keeps in [-1, 1];
 * on classes it learns ±1.
 */
export function targetEncodingOf(output: OutputKind, classes: number): TargetEncoding {
  return output === 'tanh-mse' && classes === 0 ? 'value' : OUTPUTS[output].encoding;
}

/** What the data in use is, in words, for the notices ("this data has 3 classes"). */
export function describeData(classes: number): string {
  if (classes === 0) return 'This data has regression targets';
  return classes === 2 ? 'This data has 2 classes' : `This data has ${classes} classes`;
}

/**
 * The notice for an output switched to fit the data, in words (no ids): one sentence, the same
 * whatever was asked for, so the page can replace the previous one instead of stacking them.
 */
export function outputSwitchNotice(output: OutputKind, classes: number): string {
  return `${describeData(classes)}, so the output is now ${lowerFirst(OUTPUTS[output].label)}.`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Whether a notice is an automatic output switch (outputSwitchNotice's sentence). */
export function isOutputSwitchNotice(text: string): boolean {
  return /^This data has .*, so the output is now /.test(text);
}

/** Number of output units: k for softmax, a model file's target columns, else 1. */
export function outputUnits(config: DataChoice & { output: OutputKind }, data?: OwnData): number {
  if (config.output === 'softmax-ce') return classCountOf(config, data);
  return data?.outputs ?? 1;
}
