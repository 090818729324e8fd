/**
 * The shell: header (title, presets, share link, status), notices, and the three columns
 * controls | network + inspector | boundary + loss + checks, each region a named landmark
 * (DESIGN.md "Accessibility names"). At phone width the columns stack.
 */
import type { StoreApi } from 'zustand';
import { useStore } from 'zustand';
import type { AppState } from '../store/types';
import { DecisionBoundary } from '../views/boundary/DecisionBoundary';
import { ChecksPanel } from '../views/checks/ChecksPanel';
import { Controls } from '../views/controls/Controls';
import { hiddenSet } from '../views/controls/hiddenControls';
import { Inspector } from '../views/inspector/Inspector';
import { LossCurve } from '../views/loss/LossCurve';
import { NetworkGraph } from '../views/network/NetworkGraph';
import { StoreContext } from '../views/shared/useStoreApi';
import { PresetsMenu, ShareButton } from './Header';
import { Notices } from './Notices';
import { StatusLine } from './StatusLine';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';

export interface AppProps {
  store: StoreApi<AppState>;
}

export function App({ store }: AppProps) {
  useKeyboardShortcuts(store);
  const extra = useStore(store, (s) => s.ui.extra);
  const hidden = hiddenSet(extra);
  return (
    <StoreContext value={store}>
      <div className="app">
        <header className="app-header">
          <h1>Backprop Lab</h1>
          <nav className="header-actions" aria-label="Presets and sharing">
            {!hidden.has('presets') && <PresetsMenu store={store} />}
            <ShareButton store={store} />
          </nav>
          <StatusLine store={store} />
        </header>
        <Notices store={store} />
        <main className="layout">
          <section className="column column-controls" aria-label="Controls">
            <Controls store={store} />
          </section>
          <div className="column column-network">
            <section className="panel panel-network" aria-label="Network">
              <h2>Network</h2>
              <NetworkGraph store={store} />
            </section>
            <section className="panel panel-inspector" aria-label="Inspector">
              <h2>Inspector</h2>
              <Inspector store={store} />
            </section>
          </div>
          <div className="column column-output">
            <section className="panel panel-boundary" aria-label="Decision boundary">
              <h2>Decision boundary</h2>
              <DecisionBoundary store={store} />
            </section>
            <section className="panel panel-loss" aria-label="Loss">
              <h2>Loss</h2>
              <LossCurve store={store} />
            </section>
            <section className="panel panel-checks" aria-label="Checks">
              <h2>Checks</h2>
              <ChecksPanel store={store} />
            </section>
          </div>
        </main>
        <footer className="app-footer">
          <p>
            Keys: <kbd>Space</kbd> play/pause · <kbd>→</kbd> step layer · <kbd>Shift</kbd>+<kbd>→</kbd> step ·{' '}
            <kbd>←</kbd> step back
          </p>
        </footer>
      </div>
    </StoreContext>
  );
}
