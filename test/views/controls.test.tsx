import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, test } from 'vitest';
import { Notices } from '../../src/app/Notices';
import { Controls } from '../../src/views/controls/Controls';
import { parseDecimal } from '../../src/model/format';
import { validateNumber } from '../../src/views/controls/fields';
import { learningRateFromSlider, sliderFromLearningRate } from '../../src/views/controls/LearningRate';
import { thumbnailPixel } from '../../src/views/controls/DatasetGallery';
import { DEFAULT_CONFIG, LIMITS, trainCountOf } from '../../src/model/config';
import type { RunConfig } from '../../src/model/config';
import { createRealStore, type RealStore } from '../helpers/realStore';

function setup(real: RealStore = createRealStore()) {
  const user = userEvent.setup();
  render(<Controls store={real.store} />);
  real.port.clear();
  return { store: real.store, port: real.port, user };
}

/** The command a live setting sends: applied from the next step, no restart. */
const live = (patch: Record<string, unknown>) => ({ type: 'set-training', patch });
/** The command a restart setting sends: a restart with the setting in its config. */
const restartWith = (patch: Partial<RunConfig>) => ({
  type: 'restart',
  config: expect.objectContaining(patch),
  customData: undefined,
});

/** Replaces a text field's content and commits it with Enter. */
async function typeAndCommit(user: ReturnType<typeof userEvent.setup>, input: HTMLElement, text: string) {
  await user.clear(input);
  await user.type(input, `${text}{Enter}`);
}

describe('Controls: names (DESIGN.md "Accessibility names")', () => {
  test('has the playback buttons and every labelled input', () => {
    setup();
    for (const name of ['Play', 'Step', 'Step layer', 'Step back', 'Reset', 'Regenerate']) {
      expect(screen.getByRole('button', { name })).toBeTruthy();
    }
    for (const label of [
      'Learning rate',
      'Activation',
      'Optimizer',
      'Regularization',
      'Regularization rate',
      'Batch size',
      'Noise',
      'Training data %',
      'Seed',
      'Initialization',
      'Output',
      'Speed',
      'Momentum β',
      'Adam β₁',
      'Adam β₂',
      'Import CSV',
    ]) {
      expect(screen.getByLabelText(label)).toBeTruthy();
    }
    const gallery = screen.getByRole('radiogroup', { name: 'Dataset' });
    expect(within(gallery).getAllByRole('radio')).toHaveLength(9);
    expect(within(gallery).getByRole('radio', { name: 'Circle' })).toHaveProperty('checked', true);
  });

  test('Play and Pause are one button whose name follows the state', async () => {
    const { port, user } = setup();
    await user.click(screen.getByRole('button', { name: 'Play' }));
    expect(port.types()).toEqual(['play']);
    expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Play' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy();
  });

  test('Step, Step layer, Step back and Reset call their actions', async () => {
    const { port, user } = setup();
    await user.click(screen.getByRole('button', { name: 'Step' }));
    await user.click(screen.getByRole('button', { name: 'Step layer' }));
    await user.click(screen.getByRole('button', { name: 'Step back' }));
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    expect(port.types()).toEqual(['step', 'step-layer', 'step-back', 'restart']);
  });

  test('speed offers tenfold steps from 1 to 1,000 steps/s and max', async () => {
    const { port, user } = setup();
    const speed = screen.getByLabelText('Speed');
    expect(
      within(speed)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['1 step/s', '10 steps/s', '100 steps/s', '1,000 steps/s', 'Max']);
    await user.selectOptions(speed, 'max');
    await user.selectOptions(speed, '1');
    expect(port.sent).toEqual([
      { type: 'set-speed', stepsPerSecond: 'max' },
      { type: 'set-speed', stepsPerSecond: 1 },
    ]);
  });
});

describe('Controls: live settings never restart, restart settings do', () => {
  test('changing Learning rate calls setTraining, not setConfig or reset', async () => {
    const { store, port, user } = setup();
    await typeAndCommit(user, screen.getByLabelText('Learning rate'), '0.1');
    expect(port.sent).toEqual([live({ learningRate: 0.1 })]);
    expect(store.getState().config.learningRate).toBe(0.1);
    expect(screen.getByLabelText('Learning rate')).toHaveProperty('value', '0.1');
  });

  test('leaving the field commits too; Escape reverts without applying', async () => {
    const { port, user } = setup();
    const input = screen.getByLabelText('Learning rate');
    await user.clear(input);
    await user.type(input, '0.5{Escape}');
    expect(input).toHaveProperty('value', String(DEFAULT_CONFIG.learningRate));
    await user.clear(input);
    await user.type(input, '0.2');
    await user.tab();
    expect(port.sent).toEqual([live({ learningRate: 0.2 })]);
  });

  test('the log slider maps 1e-5 … 10 and applies as a live setting', () => {
    expect(learningRateFromSlider(-5)).toBe(1e-5);
    expect(learningRateFromSlider(1)).toBe(10);
    expect(learningRateFromSlider(Math.log10(0.03))).toBe(0.03);
    expect(learningRateFromSlider(99)).toBe(10);
    expect(sliderFromLearningRate(1e-6)).toBe(-5);
    expect(sliderFromLearningRate(0.1)).toBeCloseTo(-1, 12);
  });

  test('the slider applies a keyboard change at once, a drag on release, never with a reset', () => {
    const { port } = setup();
    const slider = screen.getByRole('slider', { name: 'Learning rate slider (log scale)' });
    // A key press changes the value without a pointer: applied at once.
    fireEvent.change(slider, { target: { value: '-1' } });
    expect(port.sent).toEqual([live({ learningRate: 0.1 })]);
    // A drag previews while moving and applies once, on release.
    fireEvent.pointerDown(slider);
    fireEvent.change(slider, { target: { value: '-2' } });
    fireEvent.change(slider, { target: { value: '0' } });
    expect(port.sent).toHaveLength(1);
    expect(slider.getAttribute('aria-valuetext')).toBe('1');
    fireEvent.pointerUp(slider);
    expect(port.sent).toEqual([live({ learningRate: 0.1 }), live({ learningRate: 1 })]);
    expect(screen.getByLabelText('Learning rate')).toHaveProperty('value', '1');
  });

  test.each([
    ['Optimizer', 'adam', { optimizer: 'adam' }],
    ['Regularization', 'l2', { regularization: 'l2' }],
  ])('%s is live: setTraining(%s)', async (label, value, patch) => {
    const { port, user } = setup();
    await user.selectOptions(screen.getByLabelText(label), value);
    expect(port.sent).toEqual([live(patch)]);
  });

  test('Regularization rate, Batch size and the betas are live', async () => {
    const { port, user } = setup();
    await typeAndCommit(user, screen.getByLabelText('Regularization rate'), '0.01');
    await typeAndCommit(user, screen.getByLabelText('Batch size'), '25');
    await user.click(screen.getByText('Optimizer settings (β)'));
    await typeAndCommit(user, screen.getByLabelText('Momentum β'), '0.8');
    await typeAndCommit(user, screen.getByLabelText('Adam β₁'), '0.85');
    await typeAndCommit(user, screen.getByLabelText('Adam β₂'), '0.99');
    expect(port.sent).toEqual([
      live({ regularizationRate: 0.01 }),
      live({ batchSize: 25 }),
      live({ beta: 0.8 }),
      live({ beta1: 0.85 }),
      live({ beta2: 0.99 }),
    ]);
  });

  test('changing Activation calls setConfig (a restart) and shows the cue', async () => {
    const { port, user } = setup();
    const select = screen.getByLabelText('Activation');
    expect(select.getAttribute('aria-describedby')).toBeTruthy();
    const cue = document.getElementById(select.getAttribute('aria-describedby')!.split(' ').pop()!);
    expect(cue?.textContent).toContain('restarts training');
    await user.selectOptions(select, 'relu');
    expect(port.sent).toEqual([restartWith({ activation: 'relu' })]);
    expect(port.types()).toEqual(['restart']);
  });

  test('restart settings: dataset, noise, split, seed, init, output each call setConfig', async () => {
    const { port, user } = setup();
    await user.click(screen.getByRole('radio', { name: 'Exclusive or' }));
    await typeAndCommit(user, screen.getByLabelText('Noise'), '10');
    await typeAndCommit(user, screen.getByLabelText('Training data %'), '70');
    await typeAndCommit(user, screen.getByLabelText('Seed'), '42');
    await user.selectOptions(screen.getByLabelText('Initialization'), 'he');
    await user.selectOptions(screen.getByLabelText('Output'), 'tanh-mse');
    expect(port.sent).toEqual([
      restartWith({ dataset: 'xor' }),
      restartWith({ noise: 10 }),
      restartWith({ trainPercent: 70 }),
      restartWith({ seed: 42 }),
      restartWith({ init: 'he' }),
      restartWith({ output: 'tanh-mse' }),
    ]);
    // Every restart setting carries the visible cue.
    expect(screen.getAllByText('restarts training').length).toBeGreaterThanOrEqual(7);
  });

  test('a k-class dataset shows Classes and only the softmax output', async () => {
    const { store, port, user } = setup();
    expect(screen.queryByLabelText('Classes')).toBeNull();
    await user.click(screen.getByRole('radio', { name: 'Spiral (k classes)' }));
    expect(store.getState().config.output).toBe('softmax-ce');
    await typeAndCommit(user, screen.getByLabelText('Classes'), '4');
    expect(port.sent.at(-1)).toEqual(restartWith({ classes: 4 }));
    const output = screen.getByLabelText('Output');
    expect(
      within(output)
        .getAllByRole('option')
        .map((o) => (o as HTMLOptionElement).value),
    ).toEqual(['softmax-ce']);
  });

  test('Regenerate calls regenerate', async () => {
    const { port, user } = setup();
    await user.click(screen.getByRole('button', { name: 'Regenerate' }));
    expect(port.types()).toEqual(['regenerate']);
  });
});

describe('Controls: bad numbers are rejected or clamped, visibly, never half-applied', () => {
  test('"abc" in Learning rate: a message, the old value back, nothing applied', async () => {
    const { port, user } = setup();
    const input = screen.getByLabelText('Learning rate');
    await typeAndCommit(user, input, 'abc');
    expect(port.sent).toEqual([]);
    expect(input).toHaveProperty('value', String(DEFAULT_CONFIG.learningRate));
    expect(screen.getByText(`"abc" is not a number; kept ${DEFAULT_CONFIG.learningRate}.`)).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  test('"-1" in Learning rate is clamped to the minimum, shown and applied', async () => {
    const { port, user } = setup();
    const input = screen.getByLabelText('Learning rate');
    await typeAndCommit(user, input, '-1');
    expect(port.sent).toEqual([live({ learningRate: LIMITS.learningRate.min })]);
    expect(input).toHaveProperty('value', '1e-6');
    expect(screen.getByText('-1 is below the minimum 1e-6; using 1e-6.')).toBeTruthy();
  });

  test('"1e9" in Learning rate is clamped to 10, shown and applied', async () => {
    const { port, user } = setup();
    const input = screen.getByLabelText('Learning rate');
    await typeAndCommit(user, input, '1e9');
    expect(port.sent).toEqual([live({ learningRate: 10 })]);
    expect(input).toHaveProperty('value', '10');
    expect(screen.getByText('1e9 is above the maximum 10; using 10.')).toBeTruthy();
    // The message is tied to the field for screen readers.
    const message = screen.getByText('1e9 is above the maximum 10; using 10.');
    expect(input.getAttribute('aria-describedby')).toContain(message.id);
  });

  test('a batch size above the training set is clamped to the full batch', async () => {
    const { port, user } = setup();
    const n = trainCountOf(DEFAULT_CONFIG);
    await typeAndCommit(user, screen.getByLabelText('Batch size'), '100000');
    expect(port.sent).toEqual([live({ batchSize: n })]);
    expect(screen.getByText(`100000 is above the maximum ${n} (the training set); using ${n}.`)).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Full batch' })).toHaveProperty('checked', true);
  });

  test('Full batch toggles between the whole training set and a mini-batch', async () => {
    const { port, user } = setup();
    const box = screen.getByRole('checkbox', { name: 'Full batch' });
    expect(box).toHaveProperty('checked', false);
    await user.click(box);
    expect(port.sent).toEqual([live({ batchSize: LIMITS.batchSize.max })]);
    expect(screen.getByLabelText('Batch size')).toHaveProperty('value', String(trainCountOf(DEFAULT_CONFIG)));
    await user.click(box);
    expect(port.sent[1]).toEqual(live({ batchSize: 10 }));
  });

  test('a fractional seed is rounded with a message; a restart setting out of range is clamped', async () => {
    const { port, user } = setup();
    await typeAndCommit(user, screen.getByLabelText('Seed'), '3.7');
    await typeAndCommit(user, screen.getByLabelText('Noise'), '80');
    expect(port.sent).toEqual([restartWith({ seed: 4 }), restartWith({ noise: 50 })]);
    expect(screen.getByText('3.7 is not a whole number; using 4.')).toBeTruthy();
    expect(screen.getByText('80 is above the maximum 50; using 50.')).toBeTruthy();
  });

  test('validateNumber and parseDecimal accept only plain decimals', () => {
    expect(parseDecimal(' 1e-3 ')).toBe(0.001);
    for (const bad of ['', 'abc', '0x10', 'Infinity', 'NaN', '1e999', '1,5', '--1'])
      expect(parseDecimal(bad)).toBeNull();
    expect(validateNumber('5', { min: 0, max: 10 }, 1)).toEqual({ ok: true, value: 5, message: null });
    expect(validateNumber('', { min: 0, max: 10 }, 1)).toEqual({
      ok: false,
      message: 'Enter a number; kept 1.',
    });
  });
});

describe('Controls: hidden controls', () => {
  test('controls named by *_hide flags are not rendered', () => {
    const real = createRealStore();
    real.store.getState().setUi({ hiddenControls: ['learningRate', 'dataset', 'percTrainData', 'speed'] });
    setup(real);
    expect(screen.queryByLabelText('Learning rate')).toBeNull();
    expect(screen.queryByRole('radiogroup', { name: 'Dataset' })).toBeNull();
    expect(screen.queryByLabelText('Training data %')).toBeNull();
    expect(screen.queryByLabelText('Speed')).toBeNull();
    // The rest stays.
    expect(screen.getByLabelText('Activation')).toBeTruthy();
    expect(screen.getByLabelText('Noise')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy();
  });
});

describe('Controls: Import CSV', () => {
  const csv = (text: string, name = 'points.csv') => new File([text], name, { type: 'text/csv' });

  test('a bad row is named, nothing is applied', async () => {
    const { store, port, user } = setup();
    await user.upload(screen.getByLabelText('Import CSV'), csv('x1,x2,label\n1,2,0\n3,abc,1\n'));
    const message = await screen.findByText(/row 3/);
    expect(message.textContent).toContain('Could not import "points.csv": row 3: x2');
    expect(message.textContent).toContain('Nothing was changed.');
    // The refusal is the page's one alert banner (the store's error, shown by src/app/Notices.tsx);
    // next to the input it is the input's description, not a second alert.
    expect(store.getState().ui.error).toBe(message.textContent);
    expect(screen.queryAllByRole('alert')).toHaveLength(0);
    const input = screen.getByLabelText('Import CSV');
    expect(input.getAttribute('aria-describedby')?.split(' ')).toContain(message.id);
    expect(port.sent).toEqual([]);
    expect(store.getState().customData).toBeNull();
    // A good file next clears that refusal from the banner.
    await user.upload(input, csv('1,1,0\n2,2,1\n', 'fixed.csv'));
    await waitFor(() => expect(port.types()).toContain('restart'));
    expect(store.getState().ui.error).toBeNull();
  });

  test('the refusal shows in the alert banner at the top of the page', async () => {
    const real = createRealStore();
    const user = userEvent.setup();
    render(
      <>
        <Notices store={real.store} />
        <Controls store={real.store} />
      </>,
    );
    await user.upload(screen.getByLabelText('Import CSV'), csv('x1,x2,label\n1,2,0\n3,abc,1\n'));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toMatch(/Could not import "points.csv": row 3/),
    );
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });

  test('a one-row file is refused before "Using …", nothing is applied (issue 14)', async () => {
    const { store, port, user } = setup();
    await user.upload(screen.getByLabelText('Import CSV'), csv('x1,x2,label\n1,2,0\n'));
    const message = await screen.findByText(/only 1 data row/);
    expect(message.textContent).toContain('Nothing was changed.');
    expect(store.getState().ui.error).toBe(message.textContent);
    expect(screen.queryByText(/^Using/)).toBeNull();
    expect(store.getState().customData).toBeNull();
    expect(port.sent).toEqual([]);
  });

  test('a good file replaces the data, with the rescaling notice; "Use generated data" goes back', async () => {
    const { store, port, user } = setup();
    await user.upload(screen.getByLabelText('Import CSV'), csv('10,20,0\n-10,0,1\n0,-20,1\n'));
    await waitFor(() => expect(port.types()).toContain('restart'));
    const data = store.getState().customData!;
    expect(data.count).toBe(3);
    expect(data.classes).toBe(2);
    expect(port.sent).toEqual([{ type: 'restart', config: store.getState().config, customData: data }]);
    expect(store.getState().notices.some((n) => /rescaled/.test(n))).toBe(true);
    expect(screen.getByText(/Using "points.csv": 3 points, 2 classes/)).toBeTruthy();
    // The gallery no longer claims a generated dataset is in use.
    expect(screen.getAllByRole('radio').some((r) => (r as HTMLInputElement).checked)).toBe(false);
    port.clear();
    await user.click(screen.getByRole('button', { name: 'Use generated data' }));
    expect(store.getState().customData).toBeNull();
    // Same dataset and network as before the import: one restart, on the generated data.
    expect(port.sent).toEqual([{ type: 'restart', config: store.getState().config, customData: undefined }]);
    expect(screen.queryByRole('button', { name: 'Use generated data' })).toBeNull();
  });

  test('three-class data switches the output to softmax before the one restart', async () => {
    const { store, port, user } = setup();
    await user.upload(screen.getByLabelText('Import CSV'), csv('1,1,0\n2,2,1\n3,3,2\n-1,-1,0\n'));
    await waitFor(() => expect(port.types()).toContain('restart'));
    expect(store.getState().config.output).toBe('softmax-ce');
    expect(port.types()).toEqual(['restart']);
    expect(port.sent[0]).toMatchObject({ config: { output: 'softmax-ce' } });
    const output = screen.getByLabelText('Output');
    expect(
      within(output)
        .getAllByRole('option')
        .map((o) => (o as HTMLOptionElement).value),
    ).toEqual(['softmax-ce']);
  });
});

describe('Dataset thumbnails', () => {
  test('are drawn +y up, like the boundary', () => {
    expect(thumbnailPixel(-6, 6, 44)).toEqual([0, 0]);
    expect(thumbnailPixel(6, -6, 44)).toEqual([44, 44]);
    expect(thumbnailPixel(0, 3, 40)[1]).toBeLessThan(20);
  });
});

describe('Controls on the real store: the commands the worker gets', () => {
  test('Learning rate sends set-training and no restart; Activation sends a restart', async () => {
    const { port, user } = setup();
    const sent = port.sent;
    await typeAndCommit(user, screen.getByLabelText('Learning rate'), '0.3');
    expect(sent).toEqual([{ type: 'set-training', patch: { learningRate: 0.3 } }]);
    await user.selectOptions(screen.getByLabelText('Activation'), 'relu');
    expect(sent.map((m) => m.type)).toEqual(['set-training', 'restart']);
    expect(
      (sent[1] as unknown as { config: { activation: string; learningRate: number } }).config,
    ).toMatchObject({
      activation: 'relu',
      learningRate: 0.3,
    });
  });
});
