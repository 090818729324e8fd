/**
 * Reading one value of the URL hash: our own links and TensorFlow Playground's share these rules.
 * Anything that does not parse is handed on as it was, for sanitizeConfig to name in a notice.
 */

/** A number, or the text itself when it is not one ("" stays "", so it is reported, not read as 0). */
export function parseNumber(text: string): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return text;
  const v = Number(trimmed);
  return Number.isNaN(v) ? text : v;
}

/** "true" or "false"; null for anything else. */
export function parseBoolean(text: string): boolean | null {
  if (text === 'true') return true;
  if (text === 'false') return false;
  return null;
}
