import type { Reply } from './reply';
import type { SmsEncoding } from './sms-encoding';
import { measureSms, unitBudget } from './sms-encoding';
import type { ComposedSms, FittedSection } from './sms-compose';
import { composeSms } from './sms-compose';
import type { SmsDetail, SmsLine, SmsSection } from './sms-sections';
import { smsSection } from './sms-sections';
import { shortenText } from './shorten-text';

export interface SmsRenderOptions {
  /** Most segments one reply may take; 3 is 459 GSM-7 characters or 201 UCS-2 ones. */
  readonly maxSegments?: number;
}

export interface SmsRendering extends ComposedSms {
  readonly segments: number;
  readonly encoding: SmsEncoding;
  /** False only when even the barest form (prices and numbers kept whole) cannot fit. */
  readonly withinBudget: boolean;
}

const defaultMaxSegments = 3;
/** Prose is not cut below this: a stub shorter than that says nothing. */
const shortestProse = 24;
const detailLevels: readonly SmsDetail[] = ['full', 'short', 'bare'];

function measured(composed: ComposedSms, maxSegments: number): SmsRendering {
  const { encoding, units, segments } = measureSms(composed.body);
  return {
    ...composed,
    encoding,
    segments,
    withinBudget: units <= unitBudget(encoding, maxSegments),
  };
}

function allShown(sections: readonly SmsSection[]): FittedSection[] {
  return sections.map((section) => ({ section, shownItems: section.items.length }));
}

/** Takes one item off the longest list (the later one on a tie), keeping at least one per list. */
function dropOneItem(fitted: FittedSection[]): boolean {
  let target = -1;
  fitted.forEach(({ shownItems }, index) => {
    const best = fitted[target];
    if (shownItems > 1 && (!best || shownItems >= best.shownItems)) target = index;
  });
  const chosen = fitted[target];
  if (!chosen) return false;
  fitted[target] = { ...chosen, shownItems: chosen.shownItems - 1 };
  return true;
}

/** Cuts the longest piece of prose by roughly the overflow; false when nothing is left to cut. */
function shortenLongestProse(fitted: FittedSection[], overflow: number): boolean {
  let longest: { sectionIndex: number; lineIndex: number; text: string } | undefined;
  fitted.forEach(({ section }, sectionIndex) =>
    section.head.forEach((line, lineIndex) => {
      if (line.kind === 'plain' && line.shortenable && line.text.length > shortestProse) {
        if (!longest || line.text.length > longest.text.length) {
          longest = { sectionIndex, lineIndex, text: line.text };
        }
      }
    }),
  );
  const found = longest;
  const owner = found && fitted[found.sectionIndex];
  if (!found || !owner) return false;
  const target = Math.max(shortestProse, found.text.length - Math.max(overflow, 1));
  const head: SmsLine[] = [...owner.section.head];
  head[found.lineIndex] = {
    kind: 'plain',
    text: shortenText(found.text, target),
    shortenable: true,
  };
  fitted[found.sectionIndex] = { ...owner, section: { ...owner.section, head } };
  return true;
}

/**
 * Renders a reply as one SMS within the segment budget. It gives up optional prose first
 * (descriptions, reasons), then whole list entries behind a "reply MORE" line, then shortens free
 * text; prices, labels and choice numbers are never cut.
 */
export function renderSms(reply: Reply, options: SmsRenderOptions = {}): SmsRendering {
  const maxSegments = options.maxSegments ?? defaultMaxSegments;
  let fitted: FittedSection[] = [];
  for (const detail of detailLevels) {
    fitted = allShown(reply.blocks.map((block) => smsSection(block, detail)));
    const rendering = measured(composeSms(fitted), maxSegments);
    if (rendering.withinBudget) return rendering;
  }
  for (;;) {
    const rendering = measured(composeSms(fitted), maxSegments);
    if (rendering.withinBudget) return rendering;
    if (dropOneItem(fitted)) continue;
    const { encoding, units } = measureSms(rendering.body);
    if (!shortenLongestProse(fitted, units - unitBudget(encoding, maxSegments))) return rendering;
  }
}
