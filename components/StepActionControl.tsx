import { browser } from 'wxt/browser';
import type { Incident } from '@/lib/shared/incident';
import type { StepAction } from '@/lib/respond/playbook';
import type { Settings } from '@/lib/settings/settings';
import { OtherMediaTabs } from './OtherMediaTabs';
import { ReplacementPicker } from './ReplacementPicker';

/**
 * A step's one-click action. It does the thing; whether it helped is the step's question, so
 * the action records nothing by itself (the answer does, with its time).
 */
export function StepActionControl({
  action,
  incident,
  settings,
  callTabId,
  timeZone,
  now,
  run,
  onAgreeReplacement,
}: {
  action: StepAction;
  incident: Incident;
  settings: Settings;
  callTabId: number;
  timeZone: string;
  now: number;
  run(work: () => Promise<unknown>): void;
  onAgreeReplacement(replacementAt: number): Promise<void>;
}) {
  switch (action.type) {
    case 'other-media-tabs':
      return <OtherMediaTabs callTabId={callTabId} />;
    case 'reload-call-tab':
      return (
        <button type="button" onClick={() => run(() => browser.tabs.reload(callTabId))}>
          Reload the call tab
        </button>
      );
    case 'check-device':
      return (
        <button
          type="button"
          onClick={() =>
            run(() => browser.tabs.create({ url: `chrome://settings/content/${action.device}` }))
          }
        >
          Open the browser's {action.device} settings
        </button>
      );
    case 'pick-replacement':
      return (
        <ReplacementPicker
          incident={incident}
          settings={settings}
          timeZone={timeZone}
          now={now}
          onAgree={onAgreeReplacement}
        />
      );
  }
}
