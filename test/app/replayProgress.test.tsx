import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ReplayProgress } from '../../src/app/ReplayProgress';
import { createAppStore } from '../../src/store';
import type { ToWorker } from '../../src/worker/protocol';

describe('ReplayProgress', () => {
  it('shows a long replay with its percentage, and Cancel pauses (which stops it)', () => {
    const store = createAppStore();
    const sent: ToWorker[] = [];
    store.getState().connect({ send: (m) => sent.push(m) });
    render(<ReplayProgress store={store} />);
    expect(screen.queryByText(/Replaying/)).toBeNull();
    act(() => {
      const { ui } = store.getState();
      store.setState({
        ui: { ...ui, replay: { done: 3_600_000, total: 10_537_014, target: 10_537_014 } },
      });
    });
    expect(screen.getByRole('status').textContent).toMatch(/Replaying to step 10,537,014 … 34 %/);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(sent.at(-1)).toEqual({ type: 'pause' });
  });
});
