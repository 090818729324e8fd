import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../src/store/createAppStore';
import type { LossHistory } from '../../../src/store/types';
import { inlineSvgStyles, lossHistoryCsv, svgDocument } from '../../../src/views/shared/exportView';
import { ViewExportMenu } from '../../../src/views/shared/ViewExportMenu';

/** The history a new store starts with: nothing recorded yet. */
const emptyHistory = (): LossHistory => createAppStore().getState().history;

function history(metric: 'accuracy' | 'rmse'): LossHistory {
  return {
    ...emptyHistory(),
    version: 1,
    metric,
    stride: 2,
    steps: new Float64Array([2, 4, 6]),
    batchLoss: new Float32Array([0.75, 0.5, 0.25]),
    evalSteps: new Float64Array([0, 3, 6]),
    trainLoss: new Float32Array([0.7, 0.6, 0.3]),
    testLoss: new Float32Array([0.8, 0.65, 0.35]),
    trainMetric: new Float32Array([0.5, 0.625, 0.875]),
    testMetric: new Float32Array([0.5, 0.5, 0.75]),
  };
}

describe('lossHistoryCsv', () => {
  it('one row per step in order, batch loss and evaluations side by side, empty where a step has none', () => {
    expect(lossHistoryCsv(history('accuracy'))).toBe(
      [
        'step,batch loss,train loss,test loss,train accuracy,test accuracy',
        '0,,0.7,0.8,0.5,0.5',
        '2,0.75,,,,',
        '3,,0.6,0.65,0.625,0.5',
        '4,0.5,,,,',
        '6,0.25,0.3,0.35,0.875,0.75',
        '',
      ].join('\n'),
    );
  });

  it('names the metric RMSE for regression, and an empty history is the header alone', () => {
    expect(lossHistoryCsv(history('rmse')).split('\n')[0]).toBe(
      'step,batch loss,train loss,test loss,train RMSE,test RMSE',
    );
    expect(lossHistoryCsv(emptyHistory())).toBe(
      'step,batch loss,train loss,test loss,train accuracy,test accuracy\n',
    );
  });
});

describe('SVG export: the look is inlined from the computed style', () => {
  const svgOf = (markup: string): SVGSVGElement => {
    const host = document.createElement('div');
    host.innerHTML = markup;
    return host.firstElementChild as SVGSVGElement;
  };
  // jsdom does not resolve CSS for SVG, so the computed style is given: what a browser reports.
  const computed = (el: Element) => ({
    getPropertyValue: (name: string) =>
      ({
        path: { stroke: 'rgb(0, 114, 178)', 'stroke-width': '2px', fill: 'none' } as Record<string, string>,
        text: { fill: 'rgb(85, 85, 85)', 'font-size': '11px' } as Record<string, string>,
      })[el.tagName]?.[name] ?? '',
  });

  it("copies each element's resolved values (no var(--…) left) onto the copy, child by child", () => {
    const svg = svgOf('<svg><g><path class="lc-train" d="M0 0L1 1"/></g><text>1</text></svg>');
    const copy = svg.cloneNode(true) as SVGSVGElement;
    inlineSvgStyles(svg, copy, computed);
    expect(copy.querySelector('path')?.getAttribute('style')).toBe(
      'fill: none; stroke: rgb(0, 114, 178); stroke-width: 2px',
    );
    expect(copy.querySelector('text')?.getAttribute('style')).toBe('fill: rgb(85, 85, 85); font-size: 11px');
    expect(copy.querySelector('g')?.hasAttribute('style')).toBe(false);
    // The page's own element is untouched.
    expect(svg.querySelector('path')?.hasAttribute('style')).toBe(false);
  });

  it('svgDocument is a standalone SVG file with the namespace and the size on the page', () => {
    const text = svgDocument(svgOf('<svg viewBox="0 0 10 10"><path d="M0 0"/></svg>'), 320.4, 200, computed);
    expect(text).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(text).toContain('width="320"');
    expect(text).toContain('height="200"');
    expect(text).toContain('stroke: rgb(0, 114, 178)');
    expect(new DOMParser().parseFromString(text, 'image/svg+xml').querySelector('parsererror')).toBeNull();
  });
});

describe('ViewExportMenu', () => {
  it('names each download after the view and offers SVG and CSV only when given', async () => {
    const user = userEvent.setup();
    const { rerender } = render(
      <ViewExportMenu
        view="loss curve"
        figure="svg"
        svg="svg"
        fileName="loss"
        csv={{ data: 'loss history', text: () => '' }}
      />,
    );
    await user.click(screen.getByText('Download'));
    for (const name of [
      'Download the loss curve as PNG',
      'Download the loss curve as SVG',
      'Download the loss history as CSV',
    ])
      expect(screen.getByRole('button', { name })).toBeTruthy();
    rerender(<ViewExportMenu view="decision boundary" figure=".db-figure" fileName="boundary" />);
    expect(screen.getByRole('button', { name: 'Download the decision boundary as PNG' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /as SVG|as CSV/ })).toBeNull();
  });

  it('says so when the view is not on the page', async () => {
    const user = userEvent.setup();
    render(<ViewExportMenu view="decision boundary" figure=".db-figure" fileName="boundary" />);
    await user.click(screen.getByText('Download'));
    await user.click(screen.getByRole('button', { name: 'Download the decision boundary as PNG' }));
    const message = await screen.findByText('Could not save the decision boundary: it is not on the page.');
    expect(message.getAttribute('aria-live')).toBe('polite');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
