/**
 * The shell: header (title, what this is, the guide's "?", presets, share link, status), notices, the
 * first-visit guide, and the three columns
 * controls | network + inspector | boundary + loss + checks, each region a named landmark
 * (DESIGN.md "Accessibility names"). On a phone (PHONE_QUERY) the network comes first, the other
 * views and the settings are tabs below it (PhoneTabs.tsx), the playback bar is pinned to the
 * bottom of the screen and the file and link buttons fold into a menu. Crossing the breakpoint
 * re-mounts the views in their new places (their data lives in the store).
 *
 * While the run is paused inside a step (any phase but 'ready'), the app is "stepping": on wide
 * screens the header (with the full status) and the network stay on screen, and the inspector takes
 * the right-hand column, so the equation being read and the layer it happens in are seen together
 * (styles.css, "stepping layout").
 */
import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { StoreApi } from 'zustand';
import { useStore } from 'zustand';
import type { AppState } from '../store/types';
import { DecisionBoundary } from '../views/boundary/DecisionBoundary';
import { Controls, Playback } from '../views/controls/Controls';
import { hiddenSet } from '../views/controls/hiddenControls';
import { LossCurve } from '../views/loss/LossCurve';
import { NetworkGraph } from '../views/network/NetworkGraph';
import { EncodingKey } from '../views/shared/EncodingKey';
import { FilesMenu, ModelFiles, PresetsMenu, ShareButton } from './Header';
import { Notices } from './Notices';
import { FIRST_PHONE_TAB, PhoneTabs, tabOfRegion, type PhoneTabId } from './PhoneTabs';
import { ReplayProgress } from './ReplayProgress';
import { hasSeenGuide, markGuideSeen } from './onboarding/guideSeen';
import { StatusLine } from './StatusLine';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';
import { PHONE_QUERY, useMediaQuery } from '../views/shared/useMediaQuery';

// The inspector (equations, matrices, the worked chain rule) and the checks are most of the page's
// code and are not needed for its first paint: they load right after it, in their own chunks, so
// the initial JS stays within DESIGN.md's budget (150 kB gzipped).
const Inspector = lazy(() => import('../views/inspector/Inspector').then((m) => ({ default: m.Inspector })));
// The first-visit guide is shown once per browser (and from "?"): its own chunk, loaded when opened.
const Guide = lazy(() => import('./onboarding/Guide').then((m) => ({ default: m.Guide })));
const ChecksPanel = lazy(() =>
  import('../views/checks/ChecksPanel').then((m) => ({ default: m.ChecksPanel })),
);

export interface AppProps {
  store: StoreApi<AppState>;
}

/** The header's one-line answer to "what is this?". */
export const HEADLINE = 'Watch a neural network learn, and step through backpropagation one layer at a time.';

/** The guide's state: open by itself on a first visit (remembered at once), reopened from "?". */
function useGuide() {
  // Read once (a pure initializer, as StrictMode may call it twice); remembered by the effect below.
  const [guide, setGuide] = useState(() => ({ open: !hasSeenGuide(), takeFocus: false, run: 0 }));
  const shownOnArrival = useRef(guide.open);
  useEffect(() => {
    // Remembered as soon as it is shown: a reload does not show it again, dismissed or not.
    if (shownOnArrival.current) markGuideSeen();
  }, []);
  const helpButton = useRef<HTMLButtonElement>(null);
  // Each opening starts from the first callout.
  const show = useCallback(() => setGuide((g) => ({ open: true, takeFocus: true, run: g.run + 1 })), []);
  const hide = useCallback((hadFocus: boolean) => {
    setGuide((g) => ({ ...g, open: false, takeFocus: false }));
    if (hadFocus) helpButton.current?.focus();
  }, []);
  return { ...guide, helpButton, show, hide };
}

/**
 * Keeps `--header-h` on the app element equal to the header's height, so what sticks below the
 * sticky header (the network panel, an equation's heading) sits right under it however many lines
 * the status wraps to.
 */
function useHeaderHeight() {
  const appRef = useRef<HTMLDivElement>(null);
  const headerRef = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    const app = appRef.current;
    const header = headerRef.current;
    if (!app || !header) return;
    const write = (): void => app.style.setProperty('--header-h', `${header.offsetHeight}px`);
    write();
    if (typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(write);
    observer.observe(header);
    return () => observer.disconnect();
  }, []);
  return { appRef, headerRef };
}

/**
 * Marks each paused frame on the root element (data-frame-seq, data-step, data-phase such as
 * "backward-2"), so browser tests and the bench wait on the app's real state instead of sleeping.
 * One attribute write per paused frame; nothing while playing.
 */
function useFrameMarks(store: StoreApi<AppState>): void {
  useEffect(() => {
    const root = document.documentElement.dataset;
    return store.subscribe((s, prev) => {
      const frame = s.frame;
      if (!frame || frame === prev.frame || s.playing) return;
      const { phase } = frame;
      root.step = String(frame.step);
      root.phase = 'layer' in phase ? `${phase.kind}-${phase.layer + 1}` : phase.kind;
      root.frameSeq = String(frame.seq);
    });
  }, [store]);
}

/** A named landmark region with its heading (DESIGN.md "Accessibility names"). */
function Panel({ name, className, children }: { name: string; className: string; children: ReactNode }) {
  return (
    <section className={`panel ${className}`} aria-label={name}>
      <h2>{name}</h2>
      {children}
    </section>
  );
}

export function App({ store }: AppProps) {
  useKeyboardShortcuts(store);
  useFrameMarks(store);
  const hiddenControls = useStore(store, (s) => s.ui.hiddenControls);
  const stepping = useStore(store, (s) => s.phase.kind !== 'ready');
  const hidden = hiddenSet(hiddenControls);
  const phone = useMediaQuery(PHONE_QUERY);
  const [phoneTab, setPhoneTab] = useState<PhoneTabId>(FIRST_PHONE_TAB);
  // A guide callout about a view on another tab opens that tab first.
  const revealRegion = useCallback(
    (region: string) => {
      const tab = phone ? tabOfRegion(region) : null;
      if (tab) setPhoneTab(tab);
    },
    [phone],
  );
  // Stepping into a step on a phone opens the Inspector tab, under the graph: the numbers of the
  // phase are then one scroll away. Only on that change, so the learner can pick another tab.
  const [steppedInto, setSteppedInto] = useState(stepping);
  if (steppedInto !== stepping) {
    setSteppedInto(stepping);
    if (stepping && phone) setPhoneTab('inspector');
  }
  const guide = useGuide();
  const { appRef, headerRef } = useHeaderHeight();

  const controls = (
    <section className="column column-controls" aria-label="Controls">
      <Controls store={store} withPlayback={!phone} />
    </section>
  );
  const network = (
    <Panel name="Network" className="panel-network">
      <NetworkGraph store={store} />
      {/* On a phone the key starts folded, so the tabs below the graph are on the first screen. */}
      <EncodingKey defaultOpen={!phone} />
    </Panel>
  );
  const inspector = (
    <Panel name="Inspector" className="panel-inspector">
      <Suspense fallback={<p className="loading">Loading the inspector…</p>}>
        <Inspector store={store} />
      </Suspense>
    </Panel>
  );
  const boundary = (
    <Panel name="Decision boundary" className="panel-boundary">
      <DecisionBoundary store={store} />
    </Panel>
  );
  const loss = (
    <Panel name="Loss" className="panel-loss">
      <LossCurve store={store} />
    </Panel>
  );
  const checks = (
    <Panel name="Checks" className="panel-checks">
      <Suspense fallback={<p className="loading">Loading the checks…</p>}>
        <ChecksPanel store={store} />
      </Suspense>
    </Panel>
  );

  return (
    <>
      <div
        className="app"
        ref={appRef}
        data-stepping={stepping ? 'true' : undefined}
        data-layout={phone ? 'phone' : 'wide'}
      >
        <header className="app-header" ref={headerRef}>
          <div className="app-title">
            <div className="app-title-line">
              <h1>Backprop Lab</h1>
              <button
                type="button"
                className="help-button"
                ref={guide.helpButton}
                onClick={guide.show}
                aria-label="Show the guide"
                title="Show the guide"
              >
                ?
              </button>
            </div>
            <p className="app-headline">{HEADLINE}</p>
          </div>
          <nav className="header-actions" aria-label="Presets, files and sharing">
            {!hidden.has('presets') && <PresetsMenu store={store} />}
            {phone ? (
              <FilesMenu store={store} />
            ) : (
              <>
                <ModelFiles store={store} />
                <ShareButton store={store} />
              </>
            )}
          </nav>
          <StatusLine store={store} />
        </header>
        <Notices store={store} />
        <ReplayProgress store={store} />
        {phone ? (
          <main className="layout layout-phone">
            {network}
            <PhoneTabs
              selected={phoneTab}
              onSelect={setPhoneTab}
              panels={{ boundary, inspector, loss, checks, settings: controls }}
            />
            <Playback store={store} />
          </main>
        ) : (
          <main className="layout">
            {controls}
            <div className="column column-network">
              {network}
              {inspector}
            </div>
            <div className="column column-output">
              {boundary}
              {loss}
              {checks}
            </div>
          </main>
        )}
        <footer className="app-footer">
          <p>
            Keys: <kbd>Space</kbd> play/pause · <kbd>→</kbd> step layer · <kbd>Shift</kbd>+<kbd>→</kbd> step ·{' '}
            <kbd>←</kbd> step back
          </p>
        </footer>
        {guide.open && (
          <Suspense fallback={null}>
            <Guide
              key={guide.run}
              onClose={guide.hide}
              takeFocus={guide.takeFocus}
              revealRegion={revealRegion}
            />
          </Suspense>
        )}
      </div>
    </>
  );
}
