import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatExact, formatPoints, parseEvents, parseExact } from '../../src/app/hashValues';
import { formatHash, parseHash } from '../../src/app/urlState';
import type { Dataset } from '../../src/engine';
import { DEFAULT_CONFIG } from '../../src/model/config';
import type { TimelineEvent } from '../../src/worker/protocol';
import { baseConfigOf, sanitizeEvents } from '../../src/worker/timeline';

const POINTS: Dataset = {
  points: new Float64Array([1.25, -3.5, Math.fround(0.1234567), 5.99, -6, 0]),
  labels: new Float64Array([0, 1, 2]),
  count: 3,
  classes: 3,
};

describe('link values: exact numbers in few characters', () => {
  it('formatExact → parseExact gives back every float64 and float32 value bit for bit', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.float({ noNaN: true, noDefaultInfinity: true }),
        ),
        (v) => {
          const back = parseExact(formatExact(v));
          expect(Object.is(back, v) || (back === 0 && v === 0)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a float32 value is written in its short form with an f, a typed value as typed', () => {
    expect(formatExact(Math.fround(1.2345678))).toBe('1.2345678f');
    expect(formatExact(1.23)).toBe('1.23');
    expect(formatExact(-0.5)).toBe('-0.5');
  });

  it('parseExact reads nothing but numbers', () => {
    for (const text of ['', 'abc', '1..2', '0x10', 'Infinityf', '1,2', ' 1'])
      expect(parseExact(text)).toBeNaN();
  });
});

describe('urlState: own points and live changes in a link', () => {
  const events: TimelineEvent[] = [
    {
      step: 20,
      kind: 'set-training',
      patch: { learningRate: 3 },
      previous: { learningRate: 0.03 },
      detail: '',
    },
    { step: 25, kind: 'set-training', patch: { optimizer: 'adam', batchSize: 5 }, detail: '' },
    { step: 40, kind: 'set-weight', layer: 1, param: 'W', index: 5, value: 0.25, detail: '' },
  ];

  it('round-trip: points exactly, events at their steps with the words the run would write', () => {
    const hash = formatHash(
      { ...DEFAULT_CONFIG, output: 'softmax-ce' },
      { step: 40, phase: { kind: 'ready' } },
      [],
      {},
      null,
      {
        customData: POINTS,
        events,
      },
    );
    expect(hash).toContain('events=20:learningRate:3~25:optimizer:adam:batchSize:5~40:W:1:5:0.25');
    expect(hash).toContain(`data=${formatPoints(POINTS)}`);
    const url = parseHash(hash);
    expect(url.notices).toEqual([]);
    expect(url.customData).toEqual(POINTS);
    expect(url.config.output).toBe('softmax-ce');
    expect(url.events.map(({ step, kind }) => [step, kind])).toEqual([
      [20, 'set-training'],
      [25, 'set-training'],
      [40, 'set-weight'],
    ]);
    expect(url.events[0]).toMatchObject({ patch: { learningRate: 3 }, detail: 'Learning rate 0.03 → 3' });
    expect(url.events[1].detail).toBe('Optimizer sgd → adam, Batch size 10 → 5');
    expect(url.events[2]).toMatchObject({
      layer: 1,
      param: 'W',
      index: 5,
      value: 0.25,
      detail: 'W2[2, 1] set to 0.25',
    });
  });

  it('points on a tighter plane (a model file’s) keep it through a link; a wrong plane= is refused', () => {
    const small: Dataset = { ...POINTS, points: POINTS.points.map((v) => v / 8), planeHalfWidth: 1 };
    const hash = formatHash(DEFAULT_CONFIG, null, [], {}, null, { customData: small, events: [] });
    expect(hash).toContain('&plane=1');
    const url = parseHash(hash);
    expect(url.notices).toEqual([]);
    expect(url.customData).toEqual(small);
    // On [−6, 6] nothing is written; a plane that is not one of the app's, or too small for the points, is refused.
    expect(formatHash(DEFAULT_CONFIG, null, [], {}, null, { customData: POINTS, events: [] })).not.toContain(
      'plane=',
    );
    const data = hash.slice(hash.indexOf('data='));
    for (const plane of ['0.5', 'x', '1e9']) {
      const refused = parseHash(`#${data.replace('plane=1', `plane=${plane}`)}`);
      expect(refused.customData?.planeHalfWidth, plane).toBeUndefined();
      expect(refused.notices.join(' '), plane).toMatch(
        /^Ignored plane=".*": it is 1, 2, 3, 6 and holds the link's points/,
      );
    }
    const tooSmall = parseHash(`#data=${formatPoints(POINTS)}&plane=1`);
    expect(tooSmall.customData?.planeHalfWidth).toBeUndefined();
    expect(tooSmall.notices).toHaveLength(1);
  });

  it('malformed points are ignored as a whole, with a notice saying why', () => {
    const cases: [string, RegExp][] = [
      ['data=2:1,2', /not numbers in the form/],
      ['data=2:1,2,x', /not numbers in the form/],
      ['data=7:1,2,0', /7 classes/],
      ['data=2:1,2,3', /label 3 is not a class 0 … 1/],
      ['data=0:1,2,1.5', /not a value in −1 … 1/],
      ['data=2:1e999,2,1', /not finite/],
      ['data=', /not numbers/],
    ];
    for (const [hash, why] of cases) {
      const url = parseHash(hash);
      expect(url.customData, hash).toBeNull();
      expect(url.notices.join(' '), hash).toMatch(why);
      expect(url.notices.join(' '), hash).toMatch(/Ignored the link's own points/);
    }
  });

  it('each event that does not fit is dropped and named; the others are kept', () => {
    const url = parseHash(
      'events=20:learningRate:3~x:learningRate:1~30:learningRate:abc~31:colour:red~32:W:9:0:1~33:b:0:99:1~34:W:0:0:1e999~35:learningRate~36:learningRate:-1',
    );
    expect(url.events.map((e) => e.step)).toEqual([20]);
    const notice = url.notices.join(' ');
    expect(notice).toMatch(/^Ignored live changes in the link that do not fit this run: /);
    for (const named of [
      'learningRate=abc',
      'colour=red',
      'step 32',
      'step 33',
      '35:learningRate',
      'x:learningRate:1',
    ])
      expect(notice).toContain(named);
  });

  it('a link with points or events still never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (data, ev) => {
        const url = parseHash(`#data=${data}&events=${ev}`);
        expect(Array.isArray(url.events)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('timeline: a link recovers the config the run started with', () => {
  it('baseConfigOf takes each changed setting from before its first change', () => {
    const config = { ...DEFAULT_CONFIG, learningRate: 1, batchSize: 4 };
    const events: TimelineEvent[] = [
      {
        step: 30,
        kind: 'set-training',
        patch: { learningRate: 1 },
        previous: { learningRate: 3 },
        detail: '',
      },
      {
        step: 10,
        kind: 'set-training',
        patch: { learningRate: 3 },
        previous: { learningRate: 0.1 },
        detail: '',
      },
    ];
    const base = baseConfigOf(config, events);
    expect(base.learningRate).toBe(0.1);
    expect(base.batchSize).toBe(4);
  });

  it('sanitizeEvents keeps the step order and refuses a value the config would have clamped', () => {
    const { events, dropped } = sanitizeEvents(
      [
        { step: 9, kind: 'set-training', patch: { learningRate: 1 } },
        { step: 3, kind: 'set-training', patch: { learningRate: 0.5 } },
        { step: 4, kind: 'set-training', patch: { batchSize: 0 } },
      ],
      DEFAULT_CONFIG,
      null,
      100,
    );
    expect(events.map((e) => e.step)).toEqual([3, 9]);
    expect(events[1].detail).toBe('Learning rate 0.5 → 1');
    expect(dropped).toEqual(['step 4: batchSize=0']);
  });

  it('sanitizeEvents takes nothing that is not a list of events', () => {
    expect(sanitizeEvents(undefined, DEFAULT_CONFIG, null, 10)).toEqual({ events: [], dropped: [] });
    expect(sanitizeEvents('x', DEFAULT_CONFIG, null, 10).events).toEqual([]);
    expect(sanitizeEvents([null, 3], DEFAULT_CONFIG, null, 10).dropped).toEqual([
      'entries that are not events',
    ]);
  });
});

describe('hashValues: parseEvents reads only the two event forms', () => {
  it('a weight edit needs exactly W|b, layer, index and value', () => {
    expect(parseEvents('4:W:0:1').unreadable).toEqual(['4:W:0:1']);
    expect(parseEvents('4:b:0:1:2').events).toEqual([
      { step: 4, kind: 'set-weight', param: 'b', layer: 0, index: 1, value: 2 },
    ]);
  });
});
