import type { CartSummaryBlock, ChoicesBlock, OfferCardBlock, Reply, ReplyBlock } from './reply';
import { confirmAnswers } from './reply';
import { speakMoney, speakMonthly, speakOfferPrice } from './spoken-price';
import { sentence, speakable, spokenList, spokenNumber } from './speakable-text';

export interface VoiceRendering {
  /** One short sentence per entry, each for its own `<Say>`. */
  readonly say: string[];
  /** What to text the caller, because links cannot be read out. */
  readonly smsFollowUp?: string;
  /** What the caller may answer ("1", "yes") mapped to the value the dialog receives. */
  readonly choiceMap: Record<string, string>;
  /** Options not read out, for the dialog to offer when the caller says "more". */
  readonly hiddenChoiceIds: string[];
}

/** Callers lose track of a spoken list after about three entries. */
const maxSpokenChoices = 3;

/** Collects a reply's spoken parts; pick numbers run on across blocks, as they do in SMS. */
class VoiceScript {
  readonly say: string[] = [];
  readonly followUps: string[] = [];
  readonly choiceMap: Record<string, string> = {};
  readonly hiddenChoiceIds: string[] = [];
  private picks = 0;

  speak(text: string): void {
    const spoken = speakable(text);
    if (spoken) this.say.push(sentence(spoken));
  }

  numberPick(id: string): string {
    this.picks += 1;
    this.choiceMap[String(this.picks)] = id;
    return spokenNumber(this.picks);
  }
}

function speakChoices(script: VoiceScript, block: ChoicesBlock): void {
  script.speak(block.prompt);
  const read = block.options.slice(0, maxSpokenChoices);
  const unread = block.options.slice(maxSpokenChoices);
  const names = read.map((option) => {
    const price = option.price ? speakOfferPrice(option.price) : '';
    return price ? `${option.label} at ${price}` : option.label;
  });
  const numbered = read.map(
    (option, index) => `${script.numberPick(option.id)} for ${names[index]}`,
  );
  if (unread.length === 0) {
    script.speak(`Say ${spokenList(numbered, 'or')}`);
    return;
  }
  script.hiddenChoiceIds.push(...unread.map((option) => option.id));
  script.speak(
    `I have ${block.options.length} options. Here are the top ${spokenNumber(read.length)}`,
  );
  script.speak(`Say ${spokenList(numbered, 'or')}`);
  script.speak('Or say more to hear the others');
}

function speakOffer(script: VoiceScript, block: OfferCardBlock): void {
  const was = block.originalPrice ? speakOfferPrice(block.originalPrice) : '';
  script.speak(
    `${block.name} costs ${speakOfferPrice(block.price)}${was ? `, down from ${was}` : ''}`,
  );
  if (block.badge) script.speak(block.badge);
  if (block.description) script.speak(block.description);
  // One reason is persuasive; a list of them read aloud is a sales pitch.
  const [reason] = block.reasons ?? [];
  if (reason) script.speak(reason);
  const actions = (block.actions ?? []).map(
    (action) => `${script.numberPick(action.id)} to ${action.label.toLowerCase()}`,
  );
  if (actions.length > 0) script.speak(`Say ${spokenList(actions, 'or')}`);
}

function speakCart(script: VoiceScript, block: CartSummaryBlock): void {
  const items = block.lines.map((line) =>
    line.quantity === 1 ? line.name : `${line.quantity} ${line.name}`,
  );
  const count = block.lines.length;
  if (count === 0) script.speak('Your cart is empty');
  else if (count <= maxSpokenChoices) {
    script.speak(
      `Your cart has ${count === 1 ? 'one item' : `${count} items`}: ${spokenList(items, 'and')}`,
    );
  } else {
    const first = spokenList(items.slice(0, maxSpokenChoices), 'and');
    script.speak(`Your cart has ${count} items, including ${first}`);
  }
  const { oneTime, recurring } = block.totals;
  const totals = [
    oneTime.amount !== 0 ? `${speakMoney(oneTime)} today` : '',
    recurring.amount !== 0 ? speakMonthly(recurring) : '',
  ].filter(Boolean);
  if (totals.length > 0) script.speak(`That's ${spokenList(totals, 'and')}`);
}

function speakBlock(script: VoiceScript, block: ReplyBlock): void {
  switch (block.kind) {
    case 'text':
      return script.speak(block.text);
    case 'choices':
      return speakChoices(script, block);
    case 'offerCard':
      return speakOffer(script, block);
    case 'cartSummary':
      return speakCart(script, block);
    case 'confirm':
      script.speak(block.question);
      script.speak('Say yes to confirm, or no to leave it');
      script.choiceMap['yes'] = confirmAnswers.yes;
      script.choiceMap['no'] = confirmAnswers.no;
      return;
    case 'handoverNotice':
      script.speak("I'm putting you through to a colleague now");
      if (block.etaMinutes !== undefined) {
        script.speak(
          `The wait is about ${block.etaMinutes} ${block.etaMinutes === 1 ? 'minute' : 'minutes'}`,
        );
      }
      return;
    case 'link':
      script.speak(`I'll text you a link to ${block.label}`);
      script.followUps.push(`${block.label}: ${block.url}`);
      return;
  }
}

/** Renders a reply as short sentences for Twilio `<Say>`, with links moved to a follow-up SMS. */
export function renderVoice(reply: Reply): VoiceRendering {
  const script = new VoiceScript();
  for (const block of reply.blocks) speakBlock(script, block);
  const { say, choiceMap, hiddenChoiceIds, followUps } = script;
  return {
    say,
    choiceMap,
    hiddenChoiceIds,
    ...(followUps.length > 0 ? { smsFollowUp: followUps.join('\n') } : {}),
  };
}
