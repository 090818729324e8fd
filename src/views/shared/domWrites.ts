/**
 * DOM writes made only when the value changes. The views redraw with every training frame, and
 * Chromium restyles and re-lays out an element even when an attribute or its text is set to the
 * value it already has.
 */

/** Sets `name` to `value` unless it already is. */
export function setAttr(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** Sets the element's text unless it already is `text` (no element: nothing to do). */
export function setText(el: Element | null, text: string): void {
  if (el && el.textContent !== text) el.textContent = text;
}
