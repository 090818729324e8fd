/**
 * What the user must read: settings that were clamped or replaced (from the URL, the controls, the
 * worker), the last error (a crashed worker, a bad file), and a diverged run with its rewind offer
 * (DESIGN.md "Rules for bad input and faults"). Notices are polite; errors and divergence are alerts.
 */
import { useShallow } from 'zustand/react/shallow';
import { useStore, type StoreApi } from 'zustand';
import type { AppState } from '../store/types';

/** Only the latest ones are listed: a hostile link can produce many. */
export const MAX_NOTICES_SHOWN = 8;

export function Notices({ store }: { store: StoreApi<AppState> }) {
  const { notices, error, diverged } = useStore(
    store,
    useShallow((s: AppState) => ({ notices: s.notices, error: s.ui.error, diverged: s.diverged })),
  );
  const shown = notices.slice(-MAX_NOTICES_SHOWN);
  const more = notices.length - shown.length;
  return (
    <div className="notices-area">
      <div role="alert" className="alerts">
        {error && (
          <div className="notice notice-error">
            <p>{error}</p>
            <button type="button" onClick={() => store.getState().setError(null)}>
              Dismiss error
            </button>
          </div>
        )}
        {diverged && (
          <div className="notice notice-error">
            <p>{diverged.reason}</p>
            <button type="button" onClick={() => store.getState().rewind()}>
              Rewind to step {diverged.lastGoodStep}
            </button>
          </div>
        )}
      </div>
      <div aria-live="polite" className="notices">
        {shown.length > 0 && (
          <div className="notice">
            <ul>
              {more > 0 && <li>… and {more} earlier notices.</li>}
              {shown.map((text, i) => (
                <li key={`${notices.length - shown.length + i}`}>{text}</li>
              ))}
            </ul>
            <button type="button" onClick={() => store.getState().dismissNotices()}>
              Dismiss notices
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
