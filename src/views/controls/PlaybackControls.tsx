/**
 * Play/Pause (one button whose name follows the state), Step, Step layer, Step back, Reset, and the
 * speed. Names exactly as DESIGN.md "Accessibility names"; the shortcuts are shown as hints.
 */
import { useId } from 'react';
import type { Speed } from '../../worker/protocol';

/** A ladder of tenfold steps, so each choice is a visibly different pace; the default is 100. */
export const SPEEDS: readonly { value: Speed; label: string }[] = [
  { value: 1, label: '1 step/s' },
  { value: 10, label: '10 steps/s' },
  { value: 100, label: '100 steps/s' },
  { value: 1000, label: '1,000 steps/s' },
  { value: 'max', label: 'Max' },
];

export interface PlaybackControlsProps {
  playing: boolean;
  speed: Speed;
  /** Stepping is impossible while the run is diverged (only rewind or reset help). */
  diverged: boolean;
  showSpeed: boolean;
  onTogglePlay(): void;
  onStep(): void;
  onStepLayer(): void;
  onStepBack(): void;
  onReset(): void;
  onSpeed(speed: Speed): void;
}

export function PlaybackControls(props: PlaybackControlsProps) {
  const { playing, speed, diverged, showSpeed } = props;
  // The stepping buttons, with their keys; the forward ones stop while the run is diverged.
  const steps = [
    {
      label: 'Step back',
      onClick: props.onStepBack,
      keys: 'ArrowLeft',
      title: 'Step back (←)',
      forward: false,
    },
    {
      label: 'Step layer',
      onClick: props.onStepLayer,
      keys: 'ArrowRight',
      title: 'Step layer (→): one phase of the step',
      forward: true,
    },
    {
      label: 'Step',
      onClick: props.onStep,
      keys: 'Shift+ArrowRight',
      title: 'Step (Shift+→): finish the training step',
      forward: true,
    },
  ];
  const speedId = useId();
  const speedOptions = SPEEDS.some((s) => s.value === speed)
    ? SPEEDS
    : [...SPEEDS, { value: speed, label: `${String(speed)} steps/s` }];
  return (
    <div className="playback" role="group" aria-label="Playback">
      <div className="playback-buttons">
        <button
          type="button"
          className="play-button"
          onClick={props.onTogglePlay}
          disabled={diverged && !playing}
          aria-keyshortcuts="Space"
          title={playing ? 'Pause (Space)' : 'Play (Space)'}
        >
          <span aria-hidden="true" className="icon">
            {playing ? '❚❚' : '▶'}
          </span>
          {playing ? 'Pause' : 'Play'}
        </button>
        {steps.map(({ label, onClick, keys, title, forward }) => (
          <button
            key={label}
            type="button"
            onClick={onClick}
            disabled={forward && diverged}
            aria-keyshortcuts={keys}
            title={title}
          >
            {label}
          </button>
        ))}
        <button type="button" onClick={props.onReset} title="Restart training with the current settings">
          Reset
        </button>
      </div>
      {showSpeed && (
        <div className="field field-inline">
          <label htmlFor={speedId}>Speed</label>
          <select
            id={speedId}
            value={String(speed)}
            onChange={(e) => {
              const v = e.target.value;
              props.onSpeed(v === 'max' ? 'max' : Number(v));
            }}
          >
            {speedOptions.map((s) => (
              <option key={String(s.value)} value={String(s.value)}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}
