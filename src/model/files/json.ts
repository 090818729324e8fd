/** A parsed JSON object (not an array, not null): what a model file's objects are checked to be. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
