import { describe, expect, it } from 'vitest';
import {
  CALM_LATE,
  MAX_DIVISOR,
  PACER_WINDOW,
  PROBE_MAX_WINDOWS,
  PROBE_MIN_WINDOWS,
  RefreshPacer,
  START_DIVISOR,
} from '../../src/worker/refreshPacer';

const VSYNC = 1000 / 60;

/** One window of intervals at 60 Hz with `late` of them two display frames long. */
function windowOf(pacer: RefreshPacer, late: number, frameMs = VSYNC): void {
  for (let i = 0; i < PACER_WINDOW; i++) pacer.recordInterval(i < late ? 2 * frameMs : frameMs);
}

describe('RefreshPacer', () => {
  it('starts at every START_DIVISOR-th frame and probes down to every frame while the page keeps up', () => {
    const pacer = new RefreshPacer();
    expect(START_DIVISOR).toBeGreaterThan(1);
    expect(pacer.divisor).toBe(START_DIVISOR);
    let windows = 0;
    while (pacer.divisor > 1 && windows < 100) {
      windowOf(pacer, 0);
      windows++;
    }
    expect(pacer.divisor).toBe(1);
    expect(windows).toBe((START_DIVISOR - 1) * PROBE_MIN_WINDOWS);
    // A page that is late from the start climbs from there, not from every frame.
    const late = new RefreshPacer();
    for (let i = 0; i < 4; i++) late.recordInterval(2 * VSYNC);
    expect(late.divisor).toBe(Math.min(MAX_DIVISOR, START_DIVISOR + 1));
  });

  it('stays at every frame while the page keeps up', () => {
    const pacer = new RefreshPacer(1);
    for (let w = 0; w < 20; w++) windowOf(pacer, 1);
    expect(pacer.divisor).toBe(1);
  });

  it(`refreshes less often when more than 5% of frames are late, up to every ${MAX_DIVISOR}th frame`, () => {
    const pacer = new RefreshPacer(1);
    windowOf(pacer, 3);
    expect(pacer.divisor).toBe(1);
    // The 4th late frame of a window raises it at once, without waiting for the window's end.
    for (let i = 0; i < 4; i++) pacer.recordInterval(2 * VSYNC);
    expect(pacer.divisor).toBe(2);
    for (let w = 0; w < 10; w++) windowOf(pacer, 30);
    expect(pacer.divisor).toBe(MAX_DIVISOR);
  });

  it('probes back down after calm windows, and backs off exponentially when the probe fails', () => {
    const pacer = new RefreshPacer(1);
    windowOf(pacer, 4);
    expect(pacer.divisor).toBe(2);
    // Calm at 2: after PROBE_MIN_WINDOWS windows it tries every frame again.
    for (let w = 0; w < PROBE_MIN_WINDOWS - 1; w++) windowOf(pacer, 0);
    expect(pacer.divisor).toBe(2);
    windowOf(pacer, 0);
    expect(pacer.divisor).toBe(1);
    // The probe fails: back to 2, and the next probe waits twice as long.
    windowOf(pacer, 4);
    expect(pacer.divisor).toBe(2);
    for (let w = 0; w < 2 * PROBE_MIN_WINDOWS - 1; w++) windowOf(pacer, 0);
    expect(pacer.divisor).toBe(2);
    windowOf(pacer, 0);
    expect(pacer.divisor).toBe(1);
    // This probe holds: the wait resets.
    windowOf(pacer, 0);
    expect(pacer.divisor).toBe(1);
    windowOf(pacer, 4);
    expect(pacer.divisor).toBe(2);
    for (let w = 0; w < PROBE_MIN_WINDOWS; w++) windowOf(pacer, 0);
    expect(pacer.divisor).toBe(1);
  });

  it('a window with CALM_LATE late frames is calm (it may probe down); one more is not', () => {
    const calm = new RefreshPacer(1);
    windowOf(calm, 4);
    expect(calm.divisor).toBe(2);
    for (let w = 0; w < PROBE_MIN_WINDOWS; w++) windowOf(calm, CALM_LATE);
    expect(calm.divisor).toBe(1);
    const busy = new RefreshPacer(1);
    windowOf(busy, 4);
    for (let w = 0; w < 10 * PROBE_MIN_WINDOWS; w++) windowOf(busy, CALM_LATE + 1);
    expect(busy.divisor).toBe(2);
  });

  it('never waits longer than PROBE_MAX_WINDOWS between probes', () => {
    const pacer = new RefreshPacer(1);
    windowOf(pacer, 4);
    let calmBeforeProbe = 0;
    for (let round = 0; round < 12; round++) {
      calmBeforeProbe = 0;
      while (pacer.divisor === 2) {
        windowOf(pacer, 0);
        calmBeforeProbe++;
      }
      windowOf(pacer, 4); // the probe fails every time
    }
    expect(calmBeforeProbe).toBe(PROBE_MAX_WINDOWS);
  });

  it('finds the display rate: on 120 Hz, a 16.7 ms interval is a dropped frame', () => {
    const pacer = new RefreshPacer(1);
    windowOf(pacer, 0, 1000 / 120);
    expect(pacer.divisor).toBe(1);
    windowOf(pacer, 4, 1000 / 120);
    expect(pacer.divisor).toBe(2);
  });

  it('ignores nonsense and pauses: zero, negative, NaN, a hidden tab', () => {
    const pacer = new RefreshPacer(1);
    for (let i = 0; i < 3 * PACER_WINDOW; i++) {
      pacer.recordInterval(0);
      pacer.recordInterval(-5);
      pacer.recordInterval(NaN);
      pacer.recordInterval(60_000);
    }
    expect(pacer.divisor).toBe(1);
    // A window cut by a pause starts over: late frames before it do not count after it (3 + 1
    // late frames in one window would raise the divisor).
    for (let i = 0; i < PACER_WINDOW - 1; i++) pacer.recordInterval(i < 3 ? 2 * VSYNC : VSYNC);
    pacer.restartWindow();
    windowOf(pacer, 1);
    expect(pacer.divisor).toBe(1);
  });
});
