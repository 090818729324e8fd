/**
 * The guide's callouts, each anchored to a real view: a region found by its accessible name (the
 * landmarks App.tsx names, DESIGN.md "Accessibility names") and, inside it, the element the callout
 * is about. When that element is not there (a network drawn as blocks, a hidden control), the
 * callout points at the whole region instead.
 */

export interface GuideStep {
  id: string;
  title: string;
  text: string;
  /** aria-label of the region (section) the callout belongs to. */
  region: string;
  /** A CSS selector inside the region for the exact element, tried before the region itself. */
  target?: string;
}

export const GUIDE_STEPS: readonly GuideStep[] = [
  {
    id: 'neuron',
    title: 'One neuron',
    text:
      'This square is the output of one neuron over the input plane: each pixel is what the neuron ' +
      'computes for that point (x₁, x₂). Orange is low, blue is high.',
    region: 'Network',
    // The first neuron of the first hidden layer (layer 0 is the inputs).
    target: '[data-node-layer="1"] [role="button"]',
  },
  {
    id: 'edge',
    title: 'Weights',
    text:
      'Each line is a weight. Colour = the sign of the weight (orange negative, blue positive), ' +
      'thickness = its size. In backward phases the edges show the gradient dW instead.',
    region: 'Network',
    target: '[data-edge-layer] [role="button"]',
  },
  {
    id: 'boundary',
    title: 'The decision boundary',
    text:
      "The network's prediction over the whole plane, with the data on top: class 0 orange, class 1 " +
      'blue. Watch the boundary bend to fit the data as it trains.',
    region: 'Decision boundary',
  },
  {
    id: 'step',
    title: 'Step through backprop',
    text:
      'Press → (Step layer) to go through one training step a phase at a time: forward layer by ' +
      'layer, the loss, backward with the gradients, then the update. Space plays and pauses.',
    region: 'Controls',
    target: 'button[aria-keyshortcuts="ArrowRight"]',
  },
];

/**
 * The element a step points at in `root`: its target, else its region, else null. The target is
 * looked for in its region, then anywhere: on a phone the playback bar is not in the Controls region
 * (it is pinned to the screen while the settings are a tab).
 */
export function findAnchor(step: GuideStep, root: ParentNode = document): Element | null {
  const region = Array.from(root.querySelectorAll('section[aria-label]')).find(
    (el) => el.getAttribute('aria-label') === step.region,
  );
  const target = step.target ? (region?.querySelector(step.target) ?? root.querySelector(step.target)) : null;
  return target ?? region ?? null;
}
