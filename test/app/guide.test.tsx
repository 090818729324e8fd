import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, test } from 'vitest';
import { App, HEADLINE } from '../../src/app/App';
import { GUIDE_SEEN_KEY, hasSeenGuide, markGuideSeen } from '../../src/app/onboarding/guideSeen';
import { findAnchor, GUIDE_STEPS } from '../../src/app/onboarding/guideSteps';
import { createRealStore } from '../helpers/realStore';

function renderApp() {
  const { store, port } = createRealStore();
  const user = userEvent.setup();
  const view = render(<App store={store} />);
  return { store, port, user, ...view };
}

const guide = () => screen.queryByRole('dialog');

beforeEach(() => {
  window.localStorage.clear();
});

describe('the header', () => {
  test('says in one line what this is', () => {
    renderApp();
    expect(within(screen.getByRole('banner')).getByText(HEADLINE)).toBeTruthy();
  });
});

describe('the first-visit guide', () => {
  test('opens by itself on a first visit, without taking focus, and not again on the next visit', async () => {
    const first = renderApp();
    // Its own chunk (App.tsx): it shows once that has loaded.
    const dialog = await screen.findByRole('dialog');
    expect(dialog!.getAttribute('aria-modal')).toBe('false');
    expect(within(dialog!).getByRole('heading').textContent).toBe(GUIDE_STEPS[0].title);
    expect(dialog!.contains(document.activeElement)).toBe(false);
    expect(window.localStorage.getItem(GUIDE_SEEN_KEY)).toBe('1');
    first.unmount();
    renderApp();
    expect(guide()).toBeNull();
  });

  test('Next and Back walk the callouts; the last one says Done and closes the guide', async () => {
    const { user } = renderApp();
    await screen.findByRole('dialog');
    const titles: string[] = [];
    for (let i = 0; i < GUIDE_STEPS.length - 1; i++) {
      titles.push(within(guide()!).getByRole('heading').textContent ?? '');
      expect(within(guide()!).getByText(`${i + 1} of ${GUIDE_STEPS.length}`)).toBeTruthy();
      await user.click(within(guide()!).getByRole('button', { name: 'Next' }));
    }
    titles.push(within(guide()!).getByRole('heading').textContent ?? '');
    expect(titles).toEqual(GUIDE_STEPS.map((s) => s.title));
    await user.click(within(guide()!).getByRole('button', { name: 'Back' }));
    expect(within(guide()!).getByRole('heading').textContent).toBe(GUIDE_STEPS.at(-2)!.title);
    await user.click(within(guide()!).getByRole('button', { name: 'Next' }));
    await user.click(within(guide()!).getByRole('button', { name: 'Done' }));
    expect(guide()).toBeNull();
  });

  test('Escape closes it from anywhere on the page; so does the close button', async () => {
    const { user } = renderApp();
    await user.keyboard('{Escape}');
    expect(guide()).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show the guide' }));
    await user.click(within(guide()!).getByRole('button', { name: 'Close the guide' }));
    expect(guide()).toBeNull();
  });

  test('"Show the guide" reopens it at the first callout with focus in it, and closing returns focus', async () => {
    markGuideSeen();
    const { user } = renderApp();
    expect(guide()).toBeNull();
    const help = screen.getByRole('button', { name: 'Show the guide' });
    await user.click(help);
    expect(within(guide()!).getByRole('heading').textContent).toBe(GUIDE_STEPS[0].title);
    expect(document.activeElement).toBe(within(guide()!).getByRole('button', { name: 'Next' }));
    // Keyboard only: Enter on Next, then Escape.
    await user.keyboard('{Enter}');
    expect(within(guide()!).getByRole('heading').textContent).toBe(GUIDE_STEPS[1].title);
    await user.keyboard('{Escape}');
    expect(guide()).toBeNull();
    expect(document.activeElement).toBe(help);
    // Opening again starts over.
    await user.click(help);
    expect(within(guide()!).getByRole('heading').textContent).toBe(GUIDE_STEPS[0].title);
  });

  test('the page stays usable under it: → still steps a layer while the guide is open', async () => {
    const { user, port } = renderApp();
    expect(guide()).not.toBeNull();
    act(() => document.body.focus());
    await user.keyboard('{ArrowRight}');
    expect(port.types()).toContain('step-layer');
    expect(guide()).not.toBeNull();
  });

  test('every callout has a real anchor in the rendered app', () => {
    renderApp();
    for (const step of GUIDE_STEPS) {
      const anchor = findAnchor(step);
      expect(anchor, step.id).not.toBeNull();
      const region = screen.getByRole('region', { name: step.region });
      expect(region.contains(anchor), step.id).toBe(true);
    }
    // The step callout points at the Step layer button itself, not just its region.
    const stepAnchor = findAnchor(GUIDE_STEPS.find((s) => s.id === 'step')!);
    expect(stepAnchor).toBe(screen.getByRole('button', { name: 'Step layer' }));
  });
});

describe('guideSeen: storage that is missing or throws', () => {
  const throwing = {
    getItem: () => {
      throw new Error('SecurityError');
    },
    setItem: () => {
      throw new Error('QuotaExceededError');
    },
  } as unknown as Storage;

  test('counts as not seen, and remembering it does not throw', () => {
    expect(hasSeenGuide(throwing)).toBe(false);
    expect(() => markGuideSeen(throwing)).not.toThrow();
    expect(hasSeenGuide(null)).toBe(false);
    expect(() => markGuideSeen(null)).not.toThrow();
  });
});
