import { confirmAnswers } from './reply';
import type { SmsLine, SmsSection } from './sms-sections';

/** A section after fitting: how many of its items are still shown. */
export interface FittedSection {
  readonly section: SmsSection;
  readonly shownItems: number;
}

export interface ComposedSms {
  readonly body: string;
  readonly choiceMap: Record<string, string>;
  readonly hiddenChoiceIds: string[];
}

// Y and N, never a carrier keyword (STOP, CANCEL, END, QUIT… opt her out). YES reaches the bot
// too, except from a number that opted out, where it is her opt-in.
export const confirmHint = 'Reply Y to confirm or N to leave it';

/** The word that leaves any open question on SMS: never CANCEL, STOP or END, which opt her out. */
export const menuWord = 'MENU';

export function moreLine(hidden: number): string {
  // "..." not "…": the latter is outside GSM-7.
  return `...and ${hidden} more: reply MORE`;
}

function pickHint(count: number, leavable: boolean): string {
  const pick = count === 1 ? 'Reply 1' : `Reply 1-${count}`;
  return leavable ? `${pick}, or ${menuWord} to leave this` : pick;
}

/** Joins fitted sections into one body, numbering picks 1..n in the order they are shown. */
export function composeSms(fitted: readonly FittedSection[]): ComposedSms {
  const lines: string[] = [];
  const choiceMap: Record<string, string> = {};
  const hiddenChoiceIds: string[] = [];
  let picks = 0;
  let asksToConfirm = false;
  let leavable = false;

  const write = (line: SmsLine): void => {
    if (line.kind === 'plain') {
      lines.push(line.text);
      return;
    }
    picks += 1;
    choiceMap[String(picks)] = line.id;
    lines.push(`${picks}) ${line.label}`);
  };

  for (const { section, shownItems } of fitted) {
    section.head.forEach(write);
    section.items.slice(0, shownItems).forEach(write);
    const hidden = section.items.slice(shownItems);
    if (hidden.length > 0) lines.push(moreLine(hidden.length));
    for (const line of hidden) if (line.kind === 'pick') hiddenChoiceIds.push(line.id);
    section.foot.forEach(write);
    asksToConfirm ||= section.asksToConfirm;
    leavable ||= section.leavable === true;
  }

  if (picks > 0) lines.push(pickHint(picks, leavable));
  if (asksToConfirm) {
    lines.push(confirmHint);
    choiceMap['Y'] = confirmAnswers.yes;
    choiceMap['YES'] = confirmAnswers.yes;
    choiceMap['N'] = confirmAnswers.no;
    choiceMap['NO'] = confirmAnswers.no;
  }
  return { body: lines.join('\n'), choiceMap, hiddenChoiceIds };
}
