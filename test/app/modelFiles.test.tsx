import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { readFileText } from '../../src/views/shared/download';
import { ModelFiles, PresetsMenu } from '../../src/app/Header';
import { MAZUR_MODEL } from '../../src/app/presets';
import { DEFAULT_CONFIG, OUTPUTS } from '../../src/model/config';
import { Controls } from '../../src/views/controls/Controls';
import { serializeModelFile } from '../../src/model/files/modelConvert';
import { parseModelFile } from '../../src/model/files/modelFile';
import { DecisionBoundary } from '../../src/views/boundary/DecisionBoundary';
import { modelOfRun, prepareModelRun } from '../../src/worker/loadModel';
import { createRunFromModel } from '../../src/worker/run';
import { createRealStore, frameOf, type RealStore } from '../helpers/realStore';

/** The texts of the `load-model` commands the store sent the worker. */
const loadedTexts = ({ port }: RealStore): string[] =>
  port.sent.flatMap((m) => (m.type === 'load-model' ? [m.text] : []));

/** Answers the store's last `export-model` as the worker does: with its run's model file. */
async function answerExport(real: RealStore): Promise<void> {
  await waitFor(() => expect(real.port.types()).toContain('export-model'));
  const request = real.port.sent.filter((m) => m.type === 'export-model').at(-1);
  if (request?.type !== 'export-model') throw new Error('the store sent no export-model');
  real.port.clear();
  real.store
    .getState()
    .modelExported(request.requestId, serializeModelFile(modelOfRun(real.run, real.run.data)));
}

/** Does what the worker does with the last `load-model` the store sent: a run from the file, its first frame. */
function loadSentModel(real: RealStore): void {
  const text = loadedTexts(real).at(-1);
  if (text === undefined) throw new Error('the store sent no load-model');
  const parsed = parseModelFile(text);
  if (!parsed.ok) throw new Error(parsed.error);
  const run = createRunFromModel(prepareModelRun(parsed.model, DEFAULT_CONFIG));
  real.deliverFrame(frameOf(run, {}, 2));
}

describe('model files in the header', () => {
  it('offers "Export model", "Export NumPy code" and a file input labelled "Import model"', () => {
    render(<ModelFiles store={createRealStore().store} />);
    expect(screen.getByRole('button', { name: 'Export model' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Export NumPy code' })).toBeTruthy();
    const input = screen.getByLabelText('Import model');
    expect(input.getAttribute('type')).toBe('file');
  });

  it('imports the chosen file’s text through the store: the worker gets it to load', async () => {
    const real = createRealStore();
    render(<ModelFiles store={real.store} />);
    const text = JSON.stringify(MAZUR_MODEL);
    const file = new File([text], 'mazur.json', { type: 'application/json' });
    fireEvent.change(screen.getByLabelText('Import model'), { target: { files: [file] } });
    await waitFor(() => expect(loadedTexts(real)).toEqual([text]));
  });

  it('refuses a file too big to be a model unread, with an error', async () => {
    const real = createRealStore();
    const { store } = real;
    render(<ModelFiles store={store} />);
    const file = new File(['{}'], 'huge.json');
    Object.defineProperty(file, 'size', { value: 50_000_000 });
    fireEvent.change(screen.getByLabelText('Import model'), { target: { files: [file] } });
    await waitFor(() =>
      expect(store.getState().ui.error).toMatch(/huge\.json is 50 MB; model files are limited to 20 MB/),
    );
    expect(real.port.types()).not.toContain('load-model');
  });

  it('"Export model" downloads the worker’s text as a .json', async () => {
    const real = createRealStore();
    real.deliver({ steps: 3 });
    const createObjectURL = vi.fn(() => 'blob:model');
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this.download);
    });
    render(<ModelFiles store={real.store} />);
    await userEvent.click(screen.getByRole('button', { name: 'Export model' }));
    await answerExport(real);
    await waitFor(() => expect(clicked).toEqual(['backprop-lab-step-3.json']));
    const blob = (createObjectURL.mock.calls[0] as unknown as [Blob])[0];
    expect(JSON.parse(await readFileText(blob))).toMatchObject({ format: 'backprop-lab/model', step: 3 });
    await userEvent.click(screen.getByRole('button', { name: 'Export NumPy code' }));
    await answerExport(real);
    await waitFor(() => expect(clicked).toEqual(['backprop-lab-step-3.json', 'backprop-lab-step-3.py']));
    const py = (createObjectURL.mock.calls[1] as unknown as [Blob])[0];
    expect(await readFileText(py)).toMatch(/import numpy as np/);
    click.mockRestore();
  });

  it('the presets menu imports Mazur’s example: the worker gets his model file to load', async () => {
    const real = createRealStore();
    render(<PresetsMenu store={real.store} />);
    await userEvent.click(screen.getByText('Presets'));
    await userEvent.click(screen.getByRole('button', { name: /Step-by-step example \(Mazur\)/ }));
    expect(loadedTexts(real)).toEqual([JSON.stringify(MAZUR_MODEL)]);
  });
});

describe('controls on a model file’s own data', () => {
  it('the CS231n preset: no generated dataset chosen, no generator or split fields, only softmax', async () => {
    const real = createRealStore();
    render(<PresetsMenu store={real.store} />);
    await userEvent.click(screen.getByText('Presets'));
    await userEvent.click(screen.getByRole('button', { name: /Spiral case study \(CS231n\)/ }));
    loadSentModel(real);
    render(<Controls store={real.store} withPlayback={false} />);
    const gallery = screen.getByRole('radiogroup', { name: 'Dataset' });
    expect(
      within(gallery)
        .getAllByRole('radio')
        .some((r) => (r as HTMLInputElement).checked),
    ).toBe(false);
    for (const label of ['Noise', 'Points', 'Training data %'])
      expect(screen.queryByRole('spinbutton', { name: label }) ?? screen.queryByLabelText(label)).toBeNull();
    const output = screen.getByRole('combobox', { name: 'Output' });
    expect(
      within(output)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([OUTPUTS['softmax-ce'].label]);
    expect(screen.getByText('the only output that fits this data')).toBeTruthy();
    expect(screen.getByText('this run’s weights came from the model file')).toBeTruthy();
    expect(
      screen.getByText(/^Training on the model file’s 300 examples\. A setting marked ↻ starts over/),
    ).toBeTruthy();
  });
});

describe('decision boundary for data that is not plane points', () => {
  it('lists ŷ against y per example, computed from the frame’s weights', async () => {
    // Mazur's model file imported: his 2-2-2 sigmoid network and his one example, loaded as the worker does.
    const real = createRealStore();
    real.store.getState().importModel(JSON.stringify(MAZUR_MODEL));
    loadSentModel(real);
    render(<DecisionBoundary store={real.store} />);
    // Its own chunk (it brings the engine's forward pass) loads first.
    expect(await screen.findByText(/This model's data is not a set of 2-D points/)).toBeTruthy();
    const cells = screen.getAllByRole('cell').map((c) => c.textContent);
    // Mazur's forward pass: out_o1 = 0.75136507, out_o2 = 0.772928465.
    expect(cells).toContain('0.7514');
    expect(cells).toContain('0.7729');
    expect(cells).toContain('0.9900');
  });
});
