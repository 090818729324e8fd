/**
 * "Replaying to step 10,537,014 … 34 % [Cancel]": shown while the worker replays a long seek (a
 * link to a far step) in chunks. Cancel pauses, which stops the replay where it got (the worker
 * stops a replay on any command that changes the run; handlers.ts supersedeReplay).
 */
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand';
import type { AppState } from '../store/types';
import { formatCount } from '../model/format';

export function ReplayProgress({ store }: { store: StoreApi<AppState> }) {
  const replay = useStore(store, (s) => s.ui.replay);
  if (!replay) return null;
  const percent = replay.total > 0 ? Math.floor((100 * replay.done) / replay.total) : 0;
  return (
    <p className="replay-progress" role="status">
      Replaying to step {formatCount(replay.target)} … {percent} %{' '}
      <progress max={100} value={percent} aria-label="Replay progress" />{' '}
      <button type="button" onClick={() => store.getState().pause()}>
        Cancel
      </button>
    </p>
  );
}
