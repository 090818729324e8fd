import { render, screen } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { classLabel } from '../../src/views/shared/classLabel';
import { EncodingKey } from '../../src/views/shared/EncodingKey';
import { CLASS_COLORS, divergingColor } from '../../src/views/shared/colors';

/** An element's text as a screen reader gets it: without the aria-hidden swatches. */
function spokenText(el: Element): string {
  const copy = el.cloneNode(true) as Element;
  for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
  return copy.textContent?.trim() ?? '';
}

function entries(): Map<string, string> {
  const terms = screen.getAllByRole('term');
  return new Map(terms.map((dt) => [spokenText(dt), spokenText(dt.nextElementSibling!)]));
}

describe('EncodingKey', () => {
  test('explains every encoding of the graph: edge colour and thickness, W vs dW, maps, bias, classes, the chain rule', () => {
    render(<EncodingKey />);
    const key = entries();
    expect([...key.keys()]).toEqual([
      'Edge colour',
      'Edge thickness',
      'Edges show',
      'Neuron map',
      'Bias',
      'Classes',
      'Chain rule',
    ]);
    expect(key.get('Edge colour')).toMatch(/sign.*orange negative.*blue positive/);
    expect(key.get('Edge thickness')).toMatch(/size/);
    expect(key.get('Edges show')).toMatch(/weights W in forward.*gradients dW in backward/);
    expect(key.get('Neuron map')).toMatch(/output over the input plane/);
    expect(key.get('Chain rule')).toMatch(/halo under the weight.*dashed ring round each neuron on its path/);
    expect(key.get('Classes')).toMatch(
      /^class 0 pink, class 1 green \(the data's labels 0 and 1\), never the sign colours/,
    );
  });

  test("its swatches use the views' own colours: both ends of the sign scale and the class colours", () => {
    const { container } = render(<EncodingKey />);
    const colourRow = screen.getByText('Edge colour');
    const strokes = Array.from(colourRow.querySelectorAll('line')).map((l) => l.getAttribute('stroke'));
    expect(strokes).toEqual([divergingColor(-1, 1, 'light'), divergingColor(1, 1, 'light')]);
    const classFills = Array.from(screen.getByText('Classes').querySelectorAll('circle')).map((c) =>
      c.getAttribute('fill'),
    );
    expect(classFills).toEqual([CLASS_COLORS[0], CLASS_COLORS[1]]);
    // The bias mark is a filled diamond (a path), not a hollow square that reads as a checkbox.
    const biasMarks = screen.getByText('Bias').querySelectorAll('path');
    expect(biasMarks).toHaveLength(2);
    for (const mark of biasMarks) expect(mark.getAttribute('fill')).not.toBe('none');
    expect(container.querySelector('.encoding-key svg:not([aria-hidden="true"])')).toBeNull();
  });

  test("class names are the data's labels", () => {
    expect([0, 1, 2].map(classLabel)).toEqual(['class 0', 'class 1', 'class 2']);
  });
});
