import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { readFileText } from '../../src/app/download';
import { ModelFiles, PresetsMenu } from '../../src/app/Header';
import { MAZUR_MODEL } from '../../src/app/presets';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { DecisionBoundary } from '../../src/views/boundary/DecisionBoundary';
import type { FrameDataset, LayerParams } from '../../src/worker/protocol';
import { createStubStore } from './storeStub';

describe('model files in the header', () => {
  it('offers "Export model", "Export NumPy code" and a file input labelled "Import model"', () => {
    render(<ModelFiles store={createStubStore()} />);
    expect(screen.getByRole('button', { name: 'Export model' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Export NumPy code' })).toBeTruthy();
    const input = screen.getByLabelText('Import model');
    expect(input.getAttribute('type')).toBe('file');
  });

  it('imports the chosen file’s text through the store', async () => {
    const store = createStubStore();
    render(<ModelFiles store={store} />);
    const text = JSON.stringify(MAZUR_MODEL);
    const file = new File([text], 'mazur.json', { type: 'application/json' });
    fireEvent.change(screen.getByLabelText('Import model'), { target: { files: [file] } });
    await waitFor(() => expect(store.calls.find((c) => c.action === 'importModel')?.args).toEqual([text]));
  });

  it('refuses a file too big to be a model unread, with an error', async () => {
    const store = createStubStore();
    render(<ModelFiles store={store} />);
    const file = new File(['{}'], 'huge.json');
    Object.defineProperty(file, 'size', { value: 50_000_000 });
    fireEvent.change(screen.getByLabelText('Import model'), { target: { files: [file] } });
    await waitFor(() =>
      expect(store.getState().ui.error).toMatch(/huge\.json is 50 MB; model files are limited to 20 MB/),
    );
    expect(store.names()).not.toContain('importModel');
  });

  it('"Export model" downloads the worker’s text as a .json', async () => {
    const store = createStubStore();
    const createObjectURL = vi.fn(() => 'blob:model');
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this.download);
    });
    store.setState({
      exportModel: () => Promise.resolve(JSON.stringify({ ...MAZUR_MODEL, step: 3 })),
    });
    render(<ModelFiles store={store} />);
    await userEvent.click(screen.getByRole('button', { name: 'Export model' }));
    await waitFor(() => expect(clicked).toEqual(['backprop-lab-step-3.json']));
    const blob = (createObjectURL.mock.calls[0] as unknown as [Blob])[0];
    expect(JSON.parse(await readFileText(blob))).toMatchObject({ format: 'backprop-lab/model', step: 3 });
    await userEvent.click(screen.getByRole('button', { name: 'Export NumPy code' }));
    await waitFor(() => expect(clicked).toEqual(['backprop-lab-step-3.json', 'backprop-lab-step-3.py']));
    const py = (createObjectURL.mock.calls[1] as unknown as [Blob])[0];
    expect(await readFileText(py)).toMatch(/import numpy as np/);
    click.mockRestore();
  });

  it('the presets menu imports Mazur’s example', async () => {
    const store = createStubStore();
    render(<PresetsMenu store={store} />);
    await userEvent.click(screen.getByText('Presets'));
    await userEvent.click(screen.getByRole('button', { name: /Step-by-step example \(Mazur\)/ }));
    expect(store.calls.find((c) => c.action === 'importModel')?.args).toEqual([JSON.stringify(MAZUR_MODEL)]);
  });
});

describe('decision boundary for data that is not plane points', () => {
  it('lists ŷ against y per example, computed from the frame’s weights', () => {
    const layer = (W: number[][], b: number[]): LayerParams => ({
      W: Float32Array.from(W.flat()),
      b: Float32Array.from(b),
    });
    const dataset: FrameDataset = {
      train: { points: new Float32Array([0.05, 0.1]), labels: new Float32Array([0.01]), count: 1 },
      test: { points: new Float32Array(0), labels: new Float32Array(0), count: 0 },
      classes: 0,
      model: {
        classes: 0,
        outputs: 2,
        pointSet: false,
        inputs: ['x1', 'x2'],
        X: new Float32Array([0.05, 0.1]),
        Y: new Float32Array([0.01, 0.99]),
        count: 1,
      },
    };
    const store = createStubStore({
      config: { ...DEFAULT_CONFIG, hiddenLayers: [2], activation: 'sigmoid', output: 'sigmoid-mse' },
      dataset,
      frame: {
        params: [
          layer(
            [
              [0.15, 0.25],
              [0.2, 0.3],
            ],
            [0.35, 0.35],
          ),
          layer(
            [
              [0.4, 0.5],
              [0.45, 0.55],
            ],
            [0.6, 0.6],
          ),
        ],
      } as never,
    });
    render(<DecisionBoundary store={store} />);
    expect(screen.getByText(/This model's data is not a set of 2-D points/)).toBeTruthy();
    const cells = screen.getAllByRole('cell').map((c) => c.textContent);
    // Mazur's forward pass: out_o1 = 0.75136507, out_o2 = 0.772928465.
    expect(cells).toContain('0.7514');
    expect(cells).toContain('0.7729');
    expect(cells).toContain('0.9900');
  });
});
