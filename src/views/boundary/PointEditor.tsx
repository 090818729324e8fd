/** The "Edit points" controls under the plane: tool, class or value of new points, the keyboard form. */
import { CLASS_COLORS } from '../shared/colors';
import { classTitle } from '../shared/classLabel';
import type { PointEditing } from './usePointEditing';

export interface PointEditorProps {
  editor: PointEditing;
  /** Classes of the data being drawn (0: regression, new points take a value). */
  classes: number;
  /** Whether the run trains on drawn data (then it can go back to the generated data). */
  hasCustomData: boolean;
}

export function PointEditor({ editor, classes, hasCustomData }: PointEditorProps) {
  const { tool, setTool, draft, message } = editor;
  return (
    <div className="db-edit" role="group" aria-label="Edit points">
      <p className="db-note">Each edit restarts training on the drawn points.</p>
      <fieldset className="db-tools">
        <legend>Tool</legend>
        <label>
          <input type="radio" name="db-tool" checked={tool === 'add'} onChange={() => setTool('add')} />
          Add
        </label>
        <label>
          <input type="radio" name="db-tool" checked={tool === 'erase'} onChange={() => setTool('erase')} />
          Erase
        </label>
      </fieldset>
      {classes === 0 ? (
        <label>
          Value of new points
          <input
            type="text"
            inputMode="decimal"
            value={editor.newValue}
            onChange={(e) => editor.setNewValue(e.target.value)}
          />
        </label>
      ) : (
        <label>
          Class of new points
          <select value={editor.newClass} onChange={(e) => editor.setNewClass(Number(e.target.value))}>
            {Array.from({ length: Math.max(2, classes) }, (_, k) => (
              <option key={k} value={k + 1} style={{ color: CLASS_COLORS[k % CLASS_COLORS.length] }}>
                {classTitle(k)}
              </option>
            ))}
          </select>
        </label>
      )}
      <form className="db-keyboard-add" onSubmit={editor.onKeyboardAdd}>
        <CoordinateField label="x₁" value={editor.keyX} onChange={editor.setKeyX} />
        <CoordinateField label="x₂" value={editor.keyY} onChange={editor.setKeyY} />
        <button type="submit">Add point</button>
      </form>
      <button type="button" onClick={editor.clear} disabled={!draft || draft.count === 0}>
        Clear points
      </button>
      {hasCustomData ? (
        <button
          type="button"
          title="Back to the generated dataset (restarts training)"
          onClick={editor.backToGeneratedData}
        >
          Use generated data
        </button>
      ) : null}
      <p className="db-count">{draft ? `${draft.count} points drawn` : ''}</p>
      {message ? (
        <p className="db-message" role="status">
          {message}
        </p>
      ) : null}
    </div>
  );
}

/** One coordinate of a point typed in (free text: the editor validates it on Add). */
function CoordinateField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
}) {
  return (
    <label>
      {label}
      <input
        type="text"
        inputMode="decimal"
        size={4}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
