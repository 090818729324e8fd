import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, test } from 'vitest';
import { shortcutFor, useKeyboardShortcuts } from '../../src/app/useKeyboardShortcuts';
import type { AppStore } from '../../src/store/createAppStore';
import { createRealStore } from '../helpers/realStore';

function Harness({ store }: { store: AppStore }) {
  useKeyboardShortcuts(store);
  return (
    <div>
      <p>Some text</p>
      <label>
        Learning rate <input type="text" inputMode="decimal" defaultValue="0.03" />
      </label>
      <label>
        Classes <input type="number" defaultValue="3" />
      </label>
      <label>
        Activation
        <select defaultValue="tanh">
          <option value="tanh">tanh</option>
          <option value="relu">relu</option>
        </select>
      </label>
      <label>
        Notes <textarea />
      </label>
      <label>
        Full batch <input type="checkbox" />
      </label>
      <input type="range" aria-label="Slider" min={0} max={10} defaultValue={5} />
      <button type="button">Some button</button>
    </div>
  );
}

function setup() {
  const { store, port } = createRealStore();
  const user = userEvent.setup();
  render(<Harness store={store} />);
  return { store, port, user };
}

describe('keyboard shortcuts', () => {
  test('Space play/pause, → step layer, Shift+→ step, ← step back (focus on the page)', async () => {
    const { store, port, user } = setup();
    document.body.focus();
    await user.keyboard(' ');
    await user.keyboard('{ArrowRight}');
    await user.keyboard('{Shift>}{ArrowRight}{/Shift}');
    await user.keyboard('{ArrowLeft}');
    await user.keyboard(' ');
    // The steps pause, so the second Space plays again.
    expect(port.types()).toEqual(['play', 'step-layer', 'step', 'step-back', 'play']);
    expect(store.getState().playing).toBe(true);
  });

  test('Space does not scroll the page', () => {
    const { port } = setup();
    const event = new KeyboardEvent('keydown', { key: ' ', code: 'Space', bubbles: true, cancelable: true });
    document.body.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(port.types()).toEqual(['play']);
  });

  test.each(['Learning rate', 'Classes', 'Activation', 'Notes', 'Slider'])(
    'keys typed in "%s" stay there',
    async (label) => {
      const { port, user } = setup();
      await user.click(screen.getByLabelText(label));
      await user.keyboard(' {ArrowRight}{ArrowLeft}{Shift>}{ArrowRight}{/Shift}');
      expect(port.sent).toEqual([]);
    },
  );

  test('Space keeps activating a focused button or checkbox; arrows still step from a button', async () => {
    const { port, user } = setup();
    const box = screen.getByRole('checkbox', { name: 'Full batch' });
    box.focus();
    await user.keyboard(' ');
    expect(box).toHaveProperty('checked', true);
    screen.getByRole('button', { name: 'Some button' }).focus();
    await user.keyboard(' ');
    expect(port.sent).toEqual([]);
    await user.keyboard('{ArrowRight}');
    expect(port.types()).toEqual(['step-layer']);
  });

  test('modifier combinations and held Space are left alone', () => {
    const base = {
      code: '',
      shiftKey: false,
      ctrlKey: false,
      metaKey: false,
      altKey: false,
      repeat: false,
      target: document.body,
    };
    expect(shortcutFor({ ...base, key: 'ArrowLeft', altKey: true })).toBeNull(); // browser back
    expect(shortcutFor({ ...base, key: 'ArrowRight', metaKey: true })).toBeNull();
    expect(shortcutFor({ ...base, key: ' ', repeat: true })).toBeNull();
    expect(shortcutFor({ ...base, key: 'ArrowUp' })).toBeNull();
    expect(shortcutFor({ ...base, key: ' ' })).toBe('togglePlay');
  });
});
