import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, test } from 'vitest';
import { App } from '../../src/app/App';
import { applyPreset } from '../../src/app/Header';
import { PRESETS, presetHash } from '../../src/app/presets';
import { createRealStore } from '../helpers/realStore';

function setup() {
  const { store, port } = createRealStore();
  const user = userEvent.setup();
  render(<App store={store} />);
  return { store, port, user };
}

describe('App shell', () => {
  test('has the title, one status line and the five named regions', () => {
    setup();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Backprop Lab');
    expect(screen.getAllByRole('status')).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toBe('Step 0');
    for (const name of ['Network', 'Decision boundary', 'Loss', 'Inspector', 'Checks']) {
      expect(screen.getByRole('region', { name })).toBeTruthy();
    }
    expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy();
  });

  test('notices are listed and dismissible; errors are alerts', async () => {
    const { store, user } = setup();
    act(() => {
      store.getState().addNotice('Noise: 80 is out of range; using 50 (allowed 0 … 50).');
      store.getState().setError('The training worker stopped; restarting from step 40.');
    });
    expect(screen.getByText('Noise: 80 is out of range; using 50 (allowed 0 … 50).')).toBeTruthy();
    const alerts = screen.getAllByRole('alert');
    expect(alerts.some((a) => a.textContent?.includes('The training worker stopped'))).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Dismiss notices' }));
    expect(store.getState().notices).toEqual([]);
    expect(screen.queryByText(/Noise: 80/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Dismiss error' }));
    expect(screen.queryByText(/worker stopped/)).toBeNull();
  });

  test('a diverged run says why and offers to rewind', async () => {
    const { store, port, user } = setup();
    // As the worker client writes a 'diverged' reply.
    act(() =>
      store.setState({
        diverged: {
          step: 212,
          phase: { kind: 'loss' },
          reason: 'The loss of step 212 is not finite.',
          lastGoodStep: 211,
        },
      }),
    );
    // The shell's alert (the checks panel may explain it too).
    const alert = screen
      .getAllByRole('alert')
      .find((a) => a.textContent?.includes('The loss of step 212 is not finite.'));
    expect(alert).toBeTruthy();
    await user.click(within(alert!).getByRole('button', { name: 'Rewind to step 211' }));
    expect(port.types()).toEqual(['rewind']);
  });

  test('the presets menu lists each preset as a link to its hash; a click applies it in place', async () => {
    const { store, port, user } = setup();
    await user.click(screen.getByText('Presets'));
    const links = PRESETS.map((p) =>
      screen.getByRole('link', { name: new RegExp(`^${p.title.replace(/[.*+?^${}()|[\]\\']/g, '\\$&')}`) }),
    );
    links.forEach((link, i) => expect(link.getAttribute('href')).toBe(presetHash(PRESETS[i])));
    port.clear();
    await user.click(links[0]);
    expect(store.getState().config).toEqual(PRESETS[0].config);
    expect(port.sent).toEqual([{ type: 'restart', config: PRESETS[0].config, customData: undefined }]);
  });

  test('applying a preset that changes nothing still starts over, and drops custom data first', () => {
    const { store, port } = createRealStore();
    store.getState().setConfig(PRESETS[1].config);
    port.clear();
    applyPreset(store, PRESETS[1]);
    expect(port.sent).toEqual([{ type: 'restart', config: PRESETS[1].config, customData: undefined }]);
    port.clear();
    store.setState({
      customData: { points: new Float64Array(4), labels: new Float64Array(2), count: 2, classes: 2 },
    });
    applyPreset(store, PRESETS[6]);
    // One restart (setConfig with the preset), with the generated data.
    expect(store.getState().customData).toBeNull();
    expect(port.types()).toEqual(['restart']);
    expect(store.getState().config.dataset).toBe('spiral-k');
  });

  test('hidden controls from the link are not rendered; presets can be hidden', () => {
    const { store } = createRealStore();
    store.getState().setUi({ hiddenControls: ['presets', 'noise'] });
    render(<App store={store} />);
    expect(screen.queryByText('Presets')).toBeNull();
    expect(screen.queryByLabelText('Noise')).toBeNull();
    expect(within(screen.getByRole('region', { name: 'Controls' })).getByLabelText('Seed')).toBeTruthy();
  });

  test('the share button copies a link with the settings and the position', async () => {
    const { store, user } = setup();
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void (copied = text) },
    });
    act(() => store.setState({ step: 7, phase: { kind: 'loss' } }));
    await user.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(copied).toContain('#');
    expect(copied).toContain('step=7');
    expect(copied).toContain('phase=loss');
    expect(await screen.findByText('Link copied.')).toBeTruthy();
  });
});
