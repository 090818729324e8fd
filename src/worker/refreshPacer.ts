/**
 * How many animation frames pass, while training plays, between a frame from the worker arriving and
 * the request for the next one.
 *
 * Every frame the worker sends makes every view redraw. On a fast machine the page draws one per
 * display frame; on a slow one (2 cores, software rendering, one core busy training) drawing every
 * frame takes longer than a display frame, and the page drops frames: scrolling, hovering and the
 * step animation stutter. So the client watches the page's own animation-frame intervals while
 * playing and, when too many are late, asks for data every 2nd (3rd, … 6th) frame instead. The page
 * keeps its full frame rate; only the refresh of the training views slows, and training itself
 * (in the worker) does not slow at all.
 *
 * It refreshes less often as soon as a window has more late frames than it allows (not at the
 * window's end: at 20 frames a second a window lasts 3 s, and the first seconds after Play were the
 * worst), probes back down after a calm spell, and backs off exponentially when the probe fails, so
 * a machine that cannot keep up does not stutter every second trying.
 *
 * Pure (no timers, no DOM): the client feeds it interval lengths; tests feed it numbers.
 */

/** Frames per decision window (a second at 60 Hz). */
export const PACER_WINDOW = 60;
/** An interval longer than this many display frames is a dropped frame. */
export const LATE_FACTOR = 1.5;
/**
 * More late frames than this share of a window: refresh less often. So a page that stays at a divisor
 * has at most 5% late frames, and its 95th-percentile frame time stays at one display frame.
 */
export const RAISE_AT = 0.05;
/**
 * At most this many late frames in a window count as calm. Measured on 2→[8×6]→1 at full speed in
 * Chromium without a GPU: at every 4th frame 1–3 frames a second are late anyway (a grid arriving, a
 * GC), so with 1 the pacer never probed down and the boundary refreshed 13–14 times a second; with
 * 2 it settles lower, 15–17 refreshes a second, at the same p95 frame time.
 */
export const CALM_LATE = 2;
/**
 * Where a page starts: every 3rd animation frame. The first second after Play is the heaviest (the
 * JIT compiling the drawing code, the first grids, every view's first draws): on 2→[32×8]→1 at full
 * speed, starting at every frame its worst gaps in the first 1.5 s were 67–217 ms (12 runs), starting
 * at every 3rd 50–117 ms (12 runs), as the pacer no longer has to climb while the page is late. A calm page
 * probes down to every frame within PROBE_MIN_WINDOWS windows each (about 4 s at 60 Hz); at 10
 * steps a second, the default speed, the worker's steps are the limit either way.
 */
export const START_DIVISOR = 3;
/**
 * The slowest refresh: every 6th animation frame (10 per second on a 60 Hz display). With every 4th
 * as the limit, 2→[32×8]→1 at full speed on 2 cores without a GPU kept 2–3 dropped frames a second and
 * gaps of 83 ms (3 runs); allowed to go to every 6th, its worst gap was 33–50 ms.
 */
export const MAX_DIVISOR = 6;
/** Calm windows before the first probe back down, and the most the backoff grows to. */
export const PROBE_MIN_WINDOWS = 2;
export const PROBE_MAX_WINDOWS = 32;
/** Intervals longer than this are a hidden tab or a debugger pause, not drawing: ignored. */
const IGNORE_ABOVE_MS = 1000;

export class RefreshPacer {
  /** Animation frames from one frame's arrival to the next request: 1 = the next animation frame. */
  divisor: number;
  /**
   * Shortest recent interval: the display's frame time (16.7 ms at 60 Hz, 8.3 at 120 Hz). Starts at
   * 60 Hz, the common case, so a page that is slow from its first frame is not taken for normal.
   */
  private frameMs = 1000 / 60;
  private frames = 0;
  private late = 0;
  private calmWindows = 0;
  private probeAfter = PROBE_MIN_WINDOWS;
  /** The last change lowered the divisor (a probe): if the next window is late, it failed. */
  private probing = false;

  constructor(startDivisor: number = START_DIVISOR) {
    this.divisor = Math.min(MAX_DIVISOR, Math.max(1, Math.round(startDivisor)));
  }

  /** One animation-frame interval, in ms, measured while playing. */
  recordInterval(ms: number): void {
    if (!(ms > 0) || ms > IGNORE_ABOVE_MS) return;
    // The display's frame time: the shortest interval seen, allowed to drift up slowly so a move to a
    // slower display is followed. Clamped so a stray tiny interval cannot make everything "late".
    this.frameMs = Math.max(4, Math.min(this.frameMs * 1.0005, ms));
    this.frames++;
    if (ms > this.frameMs * LATE_FACTOR) this.late++;
    if (this.frames >= PACER_WINDOW || this.late > RAISE_AT * PACER_WINDOW) this.endWindow();
  }

  /** Forget the measurements (after a pause: the next intervals start a new spell). */
  restartWindow(): void {
    this.frames = 0;
    this.late = 0;
  }

  private endWindow(): void {
    const late = this.late;
    const lateShare = late / this.frames;
    this.restartWindow();
    if (lateShare > RAISE_AT) {
      if (this.probing) this.probeAfter = Math.min(PROBE_MAX_WINDOWS, this.probeAfter * 2);
      this.probing = false;
      this.calmWindows = 0;
      if (this.divisor < MAX_DIVISOR) this.divisor++;
      return;
    }
    if (this.probing) {
      // The lower divisor held for a whole window: the machine has room again.
      this.probing = false;
      this.probeAfter = PROBE_MIN_WINDOWS;
    }
    if (late > CALM_LATE) {
      this.calmWindows = 0;
      return;
    }
    this.calmWindows++;
    if (this.divisor > 1 && this.calmWindows >= this.probeAfter) {
      this.divisor--;
      this.probing = true;
      this.calmWindows = 0;
    }
  }
}
