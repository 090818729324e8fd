/**
 * Global shortcuts (DESIGN.md "Accessibility names"): Space play/pause, → step layer, Shift+→ step,
 * ← step back. They never take a key from a control that uses it: text and number fields, selects,
 * sliders, radios and checkboxes keep their arrows and Space, and buttons, links and disclosures
 * keep Space (it activates them).
 */
import { useEffect } from 'react';
import type { StoreApi } from 'zustand';
import type { AppState } from '../store/types';

type ShortcutActions = Pick<AppState, 'togglePlay' | 'stepOnce' | 'stepLayer' | 'stepBack'>;

/** Elements whose own keyboard behaviour includes arrows and Space. */
function isEditable(el: Element): boolean {
  const tag = el.tagName;
  if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return true;
  if ((el as HTMLElement).isContentEditable) return true;
  const role = el.getAttribute('role');
  return (
    role === 'textbox' ||
    role === 'slider' ||
    role === 'spinbutton' ||
    role === 'combobox' ||
    role === 'listbox' ||
    role === 'menu' ||
    role === 'radiogroup' ||
    role === 'radio' ||
    role === 'tab'
  );
}

/** Elements that Space activates. */
function isActivatable(el: Element): boolean {
  const tag = el.tagName;
  if (tag === 'BUTTON' || tag === 'SUMMARY' || tag === 'A') return true;
  const role = el.getAttribute('role');
  return (
    role === 'button' || role === 'link' || role === 'menuitem' || role === 'checkbox' || role === 'switch'
  );
}

/** The action a key press asks for, or null to leave the event alone. */
export function shortcutFor(
  event: Pick<
    KeyboardEvent,
    'key' | 'code' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey' | 'repeat' | 'target'
  >,
): 'togglePlay' | 'stepOnce' | 'stepLayer' | 'stepBack' | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const target = event.target instanceof Element ? event.target : null;
  // Inside a field or a dialog-like widget the keys belong to it.
  if (target && (isEditable(target) || target.closest('[contenteditable="true"]'))) return null;
  const isSpace = event.key === ' ' || event.code === 'Space';
  if (isSpace) {
    if (event.shiftKey || event.repeat) return null;
    if (target && isActivatable(target)) return null;
    return 'togglePlay';
  }
  if (event.key === 'ArrowRight') return event.shiftKey ? 'stepOnce' : 'stepLayer';
  if (event.key === 'ArrowLeft' && !event.shiftKey) return 'stepBack';
  return null;
}

/** Handles one keydown; returns whether it was a shortcut. */
export function handleShortcutKey(event: KeyboardEvent, actions: ShortcutActions): boolean {
  if (event.defaultPrevented) return false;
  const action = shortcutFor(event);
  if (!action) return false;
  // Space would scroll the page and arrows would scroll it sideways.
  event.preventDefault();
  actions[action]();
  return true;
}

/** Listens on `target` (the window) while mounted. */
export function useKeyboardShortcuts(store: StoreApi<AppState>, target: Window = window): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      handleShortcutKey(event, store.getState());
    };
    target.addEventListener('keydown', onKeyDown);
    return () => target.removeEventListener('keydown', onKeyDown);
  }, [store, target]);
}
