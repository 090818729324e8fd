/**
 * The URL hash and the store, kept in step (DESIGN.md "URL state"):
 * - at start and on `hashchange` (the user edited the address), the hash is parsed and applied:
 *   config, notices for what could not be used, hidden controls, the link's own points and live
 *   changes (a run that replays them), and a playback position;
 * - when the config (or the hidden controls) change, the hash is rewritten with
 *   `history.replaceState`, debounced. replaceState fires no `hashchange` and adds no history entry,
 *   so writing the hash can never loop back into applying it, and nothing reloads.
 *
 * Plain functions over a store and a window, so tests drive them with jsdom and a fresh store.
 */
import { useEffect } from 'react';
import type { StoreApi } from 'zustand';
import { DEFAULT_SPEED } from '../store/createAppStore';
import type { AppState } from '../store/types';
import { phaseIndex } from '../model/phase';
import { networkShape } from '../model/shape';
import { baseConfigOf } from '../worker/timeline';
import {
  formatHash,
  LINK_HASH_LIMIT,
  parseHash,
  type PlaybackPosition,
  type UrlState,
  type ViewFlags,
} from './urlState';
import { formatCount } from '../model/format';

type Store = StoreApi<AppState>;

/**
 * The playback position to put in a link: "after `step` updates, at `phase`". In the update phase
 * the run has already counted the step in progress, so the link names the step before it.
 */
export function positionOf(state: Pick<AppState, 'step' | 'phase'>): PlaybackPosition {
  const { phase } = state;
  if (phase.kind === 'update') return { step: Math.max(0, state.step - 1), phase };
  return { step: state.step, phase };
}

/** Seeks to a link's position: the step boundary, then phase by phase. */
export function seekToPosition(store: Store, position: PlaybackPosition): void {
  const s = store.getState();
  if (position.step > 0) s.seek(position.step);
  // How many "step layer" commands take the run from `ready` to the phase.
  const k = phaseIndex(position.phase, networkShape(s.config).L);
  for (let i = 0; i < k; i++) store.getState().stepLayer();
}

/** The link carries a run the settings alone do not reproduce: own points or live changes. */
function replaysRun(url: UrlState): boolean {
  return url.customData !== null || url.events.length > 0;
}

/**
 * Once the worker runs: a run that replays the link's live changes (if it has any; `restart` forces
 * one, e.g. for new own points), then the link's position, seeking through those changes.
 */
export function startLinkedRun(store: Store, url: UrlState, restart = url.events.length > 0): void {
  if (restart) store.getState().setCustomData(store.getState().customData, url.events);
  if (url.position) seekToPosition(store, url.position);
}

/**
 * Applies a parsed hash: the link's own points, the config (the store restarts the run if a restart
 * setting changed, else applies the live part), the notices, the hidden controls and, if any, a
 * run that replays the link's live changes and the position. At start-up (no worker connected yet)
 * pass `seek: false` and call startLinkedRun once the worker is started.
 */
export function applyUrlState(store: Store, url: UrlState, options: { seek?: boolean } = {}): void {
  // Own points first, so the run the config starts (at start-up: the worker's first) trains on them.
  if (url.customData) store.setState({ customData: url.customData });
  // url.config is already sanitized, so setConfig has nothing to add; the parse notices are ours to show.
  store.getState().setConfig(url.config);
  for (const message of url.notices) store.getState().addNotice(message);
  const hidden = store.getState().ui.hiddenControls;
  if (hidden.join(',') !== url.hidden.join(',')) {
    store.getState().setUi({ hiddenControls: url.hidden });
  }
  const { showTestPoints, discretize } = url.view;
  if (showTestPoints !== undefined || discretize !== undefined) {
    const ui = store.getState().ui;
    store.getState().setUi({
      showTestPoints: showTestPoints ?? ui.showTestPoints,
      discretize: discretize ?? ui.discretize,
    });
  }
  if (url.speed !== null && url.speed !== store.getState().speed) store.getState().setSpeed(url.speed);
  if (options.seek !== false) startLinkedRun(store, url, replaysRun(url));
}

/** The speed a link carries: none for the page's default, so old links follow a new default. */
function linkSpeedOf(state: Pick<AppState, 'speed'>) {
  return state.speed === DEFAULT_SPEED ? null : state.speed;
}

function viewOf(state: Pick<AppState, 'ui'>): ViewFlags {
  return { showTestPoints: state.ui.showTestPoints, discretize: state.ui.discretize };
}

/** The hash that mirrors the store (no position: it changes every step while playing). */
export function hashOf(state: Pick<AppState, 'config' | 'ui' | 'speed'>): string {
  return formatHash(state.config, null, state.ui.hiddenControls, viewOf(state), linkSpeedOf(state));
}

type ShareState = Pick<
  AppState,
  'config' | 'ui' | 'step' | 'phase' | 'speed' | 'customData' | 'events' | 'dataset'
>;

/** A link to the current state, and whether it reproduces what the page shows. */
export interface ShareLink {
  url: string;
  /** False when the run's live changes and own points did not fit: `url` then holds the settings only. */
  faithful: boolean;
  /** One sentence for next to the Copy link button, or null when the settings say everything. */
  summary: string | null;
}

const plural = (n: number, one: string, many: string): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/**
 * A link to the current state, including where playback is (for teachers' deep links) and, so the
 * recipient sees the same run at that step, its live changes and the user's own points, within
 * LINK_HASH_LIMIT characters of hash. A run that does not fit gets the settings-only link and a
 * summary that says so.
 */
export function shareLinkOf(state: ShareState, href: string): ShareLink {
  const position = positionOf(state);
  const atStart = position.step === 0 && position.phase.kind === 'ready';
  const base = href.split('#')[0];
  const hashWith = (withRun: boolean): string =>
    formatHash(
      // With its live changes, the link starts from the config the run started with.
      withRun ? baseConfigOf(state.config, state.events) : state.config,
      atStart ? null : position,
      state.ui.hiddenControls,
      viewOf(state),
      linkSpeedOf(state),
      withRun ? { customData: state.customData, events: state.events } : undefined,
    );
  // A model file's weights and data cannot go in a link: say so, rather than pass off its settings.
  if (state.dataset?.model && !state.customData)
    return {
      url: base + hashWith(false),
      faithful: false,
      summary:
        "A model file's weights and data do not go in a link: it opens these settings on generated data. " +
        'Use Export model to share the run itself.',
    };
  const changes = state.events.length;
  const points = state.customData?.count ?? 0;
  if (changes === 0 && points === 0) return { url: base + hashWith(false), faithful: true, summary: null };
  const what = [
    changes > 0 ? `your ${plural(changes, 'live change', 'live changes')}` : '',
    points > 0 ? `${changes > 0 ? '' : 'your '}${plural(points, 'point', 'points')}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const full = hashWith(true);
  if (full.length <= LINK_HASH_LIMIT)
    return { url: base + full, faithful: true, summary: `This link replays ${what}.` };
  return {
    url: base + hashWith(false),
    faithful: false,
    summary:
      `${what.charAt(0).toUpperCase()}${what.slice(1)}: too many for a link ` +
      `(${formatCount(full.length)} characters, at most ${formatCount(LINK_HASH_LIMIT)}), ` +
      'so it opens these settings only. Use Export model to share the run itself.',
  };
}

/** The link shareLinkOf makes. */
export function shareUrlOf(state: ShareState, href: string): string {
  return shareLinkOf(state, href).url;
}

export interface UrlSyncOptions {
  /** Delay before the hash follows a change (typing a number should not spam history state). */
  debounceMs?: number;
}

export const DEFAULT_DEBOUNCE_MS = 250;

/**
 * Keeps `win`'s hash and the store in step until the returned function is called. Call
 * `applyUrlState(store, parseHash(win.location.hash))` first for the start-up hash.
 */
export function startUrlSync(store: Store, win: Window, options: UrlSyncOptions = {}): () => void {
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  // The hash the store mirrors now; a link's extra parts (a position) stay until a setting changes.
  let lastHash = hashOf(store.getState());
  let timer: ReturnType<typeof setTimeout> | null = null;

  const write = (): void => {
    timer = null;
    const hash = hashOf(store.getState());
    if (hash === lastHash) return;
    lastHash = hash;
    if (win.location.hash !== hash) win.history.replaceState(win.history.state, '', hash);
  };

  const unsubscribe = store.subscribe((state, prev) => {
    if (
      state.config === prev.config &&
      state.ui.hiddenControls === prev.ui.hiddenControls &&
      state.ui.showTestPoints === prev.ui.showTestPoints &&
      state.ui.discretize === prev.ui.discretize &&
      state.speed === prev.speed
    )
      return;
    if (hashOf(state) === lastHash) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(write, debounceMs);
  });

  const onHashChange = (): void => {
    // Our own writes use replaceState, which fires no hashchange; this is the user (or a link).
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    applyUrlState(store, parseHash(win.location.hash));
    lastHash = hashOf(store.getState());
  };
  win.addEventListener('hashchange', onHashChange);

  return () => {
    unsubscribe();
    win.removeEventListener('hashchange', onHashChange);
    if (timer !== null) {
      clearTimeout(timer);
      // Do not lose the last change when the page tears the sync down.
      write();
    }
  };
}

/** React wrapper: syncs while mounted. */
export function useUrlSync(store: Store, win: Window = window, options?: UrlSyncOptions): void {
  const debounceMs = options?.debounceMs;
  useEffect(() => startUrlSync(store, win, { debounceMs }), [store, win, debounceMs]);
}
