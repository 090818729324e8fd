/**
 * The one way the views name a class: by the dataset's label, 0-based, lower case ("class 0",
 * "class 1", …), so the key, the boundary's legend, the inspector and the data all agree. Never
 * "class 1" for label 0.
 */
export function classLabel(k: number): string {
  return `class ${k}`;
}

/** The same name at the start of a line or list item ("Class 0"). */
export function classTitle(k: number): string {
  return `Class ${k}`;
}
