import { describe, expect, it } from 'vitest';
import { barsPath } from '../../../src/views/checks/MiniHistogram';

describe('MiniHistogram barsPath', () => {
  it('draws each non-empty bin as a closed bar up from the baseline, scaled to the fullest bin', () => {
    // 3 bins over 30 px: each bar 9 px wide (a pixel's gap), the fullest 10 px tall.
    expect(barsPath([0, 2, 1], 2, 30, 10)).toBe('M10,0h9v10h-9zM20,5h9v5h-9z');
  });

  it('draws nothing for an empty histogram', () => {
    expect(barsPath([0, 0, 0], 0, 30, 10)).toBe('');
  });
});
