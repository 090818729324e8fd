/**
 * "Import CSV": the user's own x1,x2,label points. A file that does not parse changes nothing and
 * the message names the first bad row; a good one replaces the dataset (the run restarts), with a
 * notice when it had to be rescaled. "Use generated data" goes back. A refusal goes to the page's one
 * alert banner (`onRefuse`, the store's error) and stays next to the input as its description.
 */
import { useId, useState, type ChangeEvent } from 'react';
import type { Dataset } from '../../engine';
import { readFileText } from '../shared/download';
import { readOwnCsv } from './customData';
import { fixedDecimals } from '../../model/format';

/** Bigger files are refused before reading: 10 000 rows of x1,x2,label fit in well under 1 MB. */
export const MAX_CSV_BYTES = 2 * 1024 * 1024;

export interface ImportCsvProps {
  customData: Dataset | null;
  onImport(data: Dataset, notice: string | null): void;
  onUseGenerated(): void;
  /** A file was refused: say it in the page's alert banner. */
  onRefuse(message: string): void;
  /** A new file was chosen: the previous refusal (if still shown) is no longer news. */
  onClearRefusal(message: string): void;
}

function describe(data: Dataset): string {
  const kind = data.classes === 0 ? 'regression targets' : `${data.classes} classes`;
  return `${data.count} points, ${kind}`;
}

export function ImportCsv({
  customData,
  onImport,
  onUseGenerated,
  onRefuse,
  onClearRefusal,
}: ImportCsvProps) {
  const id = useId();
  const [error, setErrorText] = useState<string | null>(null);
  const setError = (message: string): void => {
    setErrorText(message);
    onRefuse(message);
  };
  const [status, setStatus] = useState<string | null>(null);

  const onFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    const name = file.name.length > 60 ? `${file.name.slice(0, 60)}…` : file.name;
    if (error !== null) onClearRefusal(error);
    setErrorText(null);
    setStatus(null);
    try {
      if (file.size > MAX_CSV_BYTES) {
        setError(
          `Could not import "${name}": the file is ${fixedDecimals(file.size / 1e6, 1)} MB, more than the ${MAX_CSV_BYTES / 1024 / 1024} MB allowed. Nothing was changed.`,
        );
        return;
      }
      let text: string;
      try {
        text = await readFileText(file);
      } catch (e) {
        setError(
          `Could not read "${name}": ${e instanceof Error ? e.message : String(e)}. Nothing was changed.`,
        );
        return;
      }
      const result = readOwnCsv(text);
      if (!result.ok) {
        setError(`Could not import "${name}": ${result.error}. Nothing was changed.`);
        return;
      }
      onImport(result.dataset, result.notice ?? null);
      setStatus(`Using "${name}": ${describe(result.dataset)}.`);
    } finally {
      // Choosing the same file again (after fixing it) must fire change again.
      input.value = '';
    }
  };

  return (
    <div className="field import-csv">
      <div className="field-head">
        <label htmlFor={id}>Import CSV</label>
      </div>
      <input
        id={id}
        type="file"
        accept=".csv,text/csv,text/plain"
        aria-describedby={`${id}-hint ${id}-message`}
        onChange={(e) => void onFile(e)}
      />
      <p className="field-hint" id={`${id}-hint`}>
        Rows of x1,x2,label (header optional), at least 2, values within ±1,000,000. Integer labels 0 … 4 are
        classes; other numbers are regression targets.
      </p>
      <p className="field-message" id={`${id}-message`}>
        {error}
      </p>
      <p className="field-status" aria-live="polite">
        {status}
      </p>
      {customData && (
        <p className="custom-data-note">
          Training on your {describe(customData)}.{' '}
          <button
            type="button"
            onClick={() => {
              setStatus(null);
              onUseGenerated();
            }}
          >
            Use generated data
          </button>
        </p>
      )}
    </div>
  );
}
