/**
 * The phone layout's tabs (App.tsx): the network stays on top of the page and the playback bar at the
 * bottom of the screen, and everything else takes turns below the network, one tab at a time:
 * the decision boundary, the inspector, the loss, the checks and the settings. A three-column page
 * stacked into one column put 1,250 px of settings before the network on a phone.
 *
 * WAI-ARIA tabs: ←/→ (and Home/End) move between tabs and select them, the tab bar is one stop in
 * the Tab order, and each panel is named by its tab. Every panel stays mounted (hidden when not
 * selected), so the views keep their state and a switch is instant.
 */
import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

export type PhoneTabId = 'boundary' | 'inspector' | 'loss' | 'checks' | 'settings';

/** The tabs in order: label, and the region (DESIGN.md "Accessibility names") each one holds. */
export const PHONE_TABS: readonly { id: PhoneTabId; label: string; region: string }[] = [
  { id: 'boundary', label: 'Boundary', region: 'Decision boundary' },
  { id: 'inspector', label: 'Inspector', region: 'Inspector' },
  { id: 'loss', label: 'Loss', region: 'Loss' },
  { id: 'checks', label: 'Checks', region: 'Checks' },
  { id: 'settings', label: 'Settings', region: 'Controls' },
];

/** What a phone shows first below the network: the boundary, which visibly learns when Play is pressed. */
export const FIRST_PHONE_TAB: PhoneTabId = 'boundary';

/** The tab whose panel holds the named region, or null when no tab does (the network is on top). */
export function tabOfRegion(region: string): PhoneTabId | null {
  return PHONE_TABS.find((t) => t.region === region)?.id ?? null;
}

export interface PhoneTabsProps {
  selected: PhoneTabId;
  onSelect(tab: PhoneTabId): void;
  panels: Readonly<Record<PhoneTabId, ReactNode>>;
}

export function PhoneTabs({ selected, onSelect, panels }: PhoneTabsProps) {
  const baseId = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const tabId = (id: PhoneTabId): string => `${baseId}-tab-${id}`;
  const panelId = (id: PhoneTabId): string => `${baseId}-panel-${id}`;

  const select = (id: PhoneTabId, focus: boolean): void => {
    onSelect(id);
    if (focus) document.getElementById(tabId(id))?.focus();
    // Chosen from further down the page: the new panel starts right under the tab bar.
    const list = listRef.current;
    if (list && list.getBoundingClientRect().top < 0) list.scrollIntoView({ block: 'start' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const at = PHONE_TABS.findIndex((t) => t.id === selected);
    const last = PHONE_TABS.length - 1;
    const next: Record<string, number> = {
      ArrowRight: at === last ? 0 : at + 1,
      ArrowLeft: at === 0 ? last : at - 1,
      Home: 0,
      End: last,
    };
    if (!(event.key in next)) return;
    // (The app's ←/→ shortcuts leave a tab's keys alone: useKeyboardShortcuts.ts.)
    event.preventDefault();
    select(PHONE_TABS[next[event.key]].id, true);
  };

  return (
    <>
      <div
        className="phone-tabs"
        role="tablist"
        aria-label="Views and settings"
        ref={listRef}
        onKeyDown={onKeyDown}
      >
        {PHONE_TABS.map(({ id, label }) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={tabId(id)}
            aria-selected={id === selected}
            aria-controls={panelId(id)}
            tabIndex={id === selected ? 0 : -1}
            onClick={() => select(id, false)}
          >
            {label}
          </button>
        ))}
      </div>
      {PHONE_TABS.map(({ id }) => (
        <div
          key={id}
          className="phone-tab-panel"
          role="tabpanel"
          id={panelId(id)}
          aria-labelledby={tabId(id)}
          hidden={id !== selected}
        >
          {panels[id]}
        </div>
      ))}
    </>
  );
}
