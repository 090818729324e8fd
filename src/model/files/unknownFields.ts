/**
 * The fields of a model file that version 1 does not read. The reader ignores them (a newer writer
 * may add some) and the page names them, so nothing in a file is passed over in silence.
 */

import { isObject } from './json';

/** The fields version 1 reads, per object; `app` is free-form (the app's own settings). */
const KNOWN_FIELDS = {
  document: ['format', 'version', 'inputs', 'layers', 'loss', 'data', 'seed', 'step', 'training', 'app'],
  layer: ['activation', 'W', 'b'],
  data: ['train', 'test'],
  split: ['X', 'Y'],
  training: [
    'optimizer',
    'learningRate',
    'batchSize',
    'beta',
    'beta1',
    'beta2',
    'regularization',
    'regularizationRate',
    'state',
    'batchOrder',
  ],
} as const;

/** The paths of fields a (valid) document has that version 1 does not read. */
export function unknownFields(root: unknown): string[] {
  if (!isObject(root)) return [];
  const out: string[] = [];
  const check = (value: unknown, known: readonly string[], path: string): void => {
    if (!isObject(value)) return;
    for (const key of Object.keys(value)) if (!known.includes(key)) out.push(path ? `${path}.${key}` : key);
  };
  check(root, KNOWN_FIELDS.document, '');
  if (Array.isArray(root.layers))
    root.layers.forEach((layer, l) => check(layer, KNOWN_FIELDS.layer, `layers[${l}]`));
  check(root.data, KNOWN_FIELDS.data, 'data');
  if (isObject(root.data))
    for (const split of ['train', 'test']) check(root.data[split], KNOWN_FIELDS.split, `data.${split}`);
  check(root.training, KNOWN_FIELDS.training, 'training');
  return out;
}
