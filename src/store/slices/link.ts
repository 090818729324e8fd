/**
 * The store's line to the worker, shared by the slices that send commands. Until a client is
 * connected (createTrainerClient connects itself) the commands are dropped: the UI still updates
 * its own state, so a store works in tests without a worker.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { ToWorker } from '../../worker/protocol';
import type { AppState, Commands, ConnectionSlice } from '../types';

export interface WorkerLink {
  send(message: ToWorker): void;
  /** Whether a client is connected (an export waits for an answer only then). */
  readonly connected: boolean;
  connect(commands: Commands | null): void;
}

export function createWorkerLink(): WorkerLink {
  let commands: Commands | null = null;
  return {
    send: (message) => commands?.send(message),
    get connected() {
      return commands !== null;
    },
    connect(next) {
      commands = next;
    },
  };
}

export const createConnectionSlice =
  (link: WorkerLink): StateCreator<AppState, [], [], ConnectionSlice> =>
  () => ({
    connect: (commands) => link.connect(commands),
  });
