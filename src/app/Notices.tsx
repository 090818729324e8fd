/**
 * What the user must read (DESIGN.md "Rules for bad input and faults"), in two places:
 * - the banner: ONE `role="alert"` region, sticky at the top of the page so it is seen at every width
 *   and scroll position. It carries everything that stopped the run or went wrong: the last error (a
 *   crashed worker, a refused file), a diverged run with its rewind, and the worker's learning-rate
 *   diagnosis (src/worker/diagnosis.ts) with its evidence and the three ways on.
 * - notices: settings that were clamped or replaced (from the URL, the controls, the worker); polite.
 */
import { useShallow } from 'zustand/react/shallow';
import { useStore, type StoreApi } from 'zustand';
import type { AppState } from '../store/types';
import type { LearningRateDiagnosis } from '../worker/protocol';
import { inputNumber } from '../model/format';

/** Only the latest ones are listed: a hostile link can produce many. */
export const MAX_NOTICES_SHOWN = 8;

/** The banner's headline for a diagnosis: what it means, in plain words. */
export function diagnosisHeadline(d: LearningRateDiagnosis): string {
  return `The learning rate (${inputNumber(d.learningRate)}) is probably too high: paused at step ${d.step}.`;
}

export function Notices({ store }: { store: StoreApi<AppState> }) {
  const { notices, error, diverged, diagnosis, learningRate } = useStore(
    store,
    useShallow((s: AppState) => ({
      notices: s.notices,
      error: s.ui.error,
      diverged: s.diverged,
      diagnosis: s.diagnosis,
      learningRate: s.config.learningRate,
    })),
  );
  const shown = notices.slice(-MAX_NOTICES_SHOWN);
  const more = notices.length - shown.length;
  const lower = `Lower it ÷10 (to ${inputNumber(learningRate / 10)})`;
  return (
    <>
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
            <div className="notice-actions">
              <button type="button" onClick={() => store.getState().rewind()}>
                Rewind to step {diverged.lastGoodStep}
              </button>
              <button
                type="button"
                onClick={() => {
                  store.getState().rewind();
                  store.getState().setTraining({ learningRate: learningRate / 10 });
                }}
              >
                Rewind and lower it ÷10
              </button>
            </div>
          </div>
        )}
        {diagnosis && !diverged && (
          <div className="notice notice-error notice-diagnosis">
            <div>
              <p>
                <strong>{diagnosisHeadline(diagnosis)}</strong>
              </p>
              <ul>
                {diagnosis.evidence.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </div>
            <div className="notice-actions">
              <button type="button" onClick={() => store.getState().lowerLearningRate()}>
                {lower}
              </button>
              <button type="button" onClick={() => store.getState().rewindBeforeDiagnosis()}>
                Rewind to step {diagnosis.rewindStep}
              </button>
              <button type="button" onClick={() => store.getState().keepGoing()}>
                Keep going
              </button>
            </div>
          </div>
        )}
      </div>
      <div aria-live="polite" className="notices notices-area">
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
    </>
  );
}
