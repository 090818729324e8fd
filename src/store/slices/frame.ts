/**
 * The frame and history slices: what the worker last showed of the run (written from each frame by
 * store/frames.ts, outside React) and the requests that ask the worker about it or edit it.
 */
import type { StateCreator } from 'zustand/vanilla';
import { emptyHistory } from '../history';
import type { AppState, FrameSlice, HistorySlice } from '../types';
import type { WorkerLink } from './link';
import { appendNotices } from './ui';

export const createFrameSlice =
  (link: WorkerLink): StateCreator<AppState, [], [], FrameSlice & HistorySlice> =>
  (set) => ({
    frame: null,
    dataset: null,
    grid: null,
    events: [],
    gradientCheck: null,
    slotValues: null,
    history: emptyHistory(),

    setWeight(layer, kind, index, value) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        set(appendNotices([`Weight: "${String(value)}" is not a number.`]));
        return;
      }
      link.send({ type: 'set-weight', layer, kind, index, value });
    },
    runGradientCheck(options = {}) {
      link.send({ type: 'gradient-check', faults: options.faults, maxPerParameter: options.maxPerParameter });
    },
    requestSlotValues(layer, kind, index) {
      link.send({ type: 'slot-values', layer, kind, index });
    },
  });
