import { ORDINAL_WORD_PATTERN, CARDINAL_WORD_PATTERN, parseNumberWord } from './numbers';
import { normalizeText, wholePhrasePattern } from './text';
import type { ChoiceOption } from './vocabulary';
import { readYesNo } from './yes-no';

export interface ResolvedChoice {
  /** 1-based, as the bot numbered it. */
  position: number;
  id: string;
  label: string;
  /** True when the whole reply was the pick ("2", "the second one"), not a pick inside a sentence. */
  wholeReply: boolean;
}

const NUMBER = `(\\d{1,2}|${CARDINAL_WORD_PATTERN}|${ORDINAL_WORD_PATTERN}|\\d{1,2}(?:st|nd|rd|th))`;
/** "2", "2.", "#2", "option 2", "the second one", "number two please". */
const WHOLE_REPLY = new RegExp(
  `^(?:#|no\\.?|number|option|choice|item)?\\s*(?:the )?${NUMBER}\\.?\\)?(?: one| option| choice)?(?: please| pls| plz)?$`,
);
/** A pick inside a sentence: "I'll take the second one", "option 3 please". */
const IN_SENTENCE = new RegExp(
  `(?:\\b(?:option|choice|number|#)\\s*(\\d{1,2}|${CARDINAL_WORD_PATTERN})\\b|\\bthe (${ORDINAL_WORD_PATTERN}) (?:one|option|choice)\\b)`,
);

function atPosition(choices: readonly ChoiceOption[], position: number, wholeReply: boolean) {
  const index = position === -1 ? choices.length - 1 : position - 1;
  const choice = choices[index];
  if (!choice) return undefined;
  return { position: index + 1, id: choice.id, label: choice.label, wholeReply };
}

function byLabel(text: string, choices: readonly ChoiceOption[]): ResolvedChoice | undefined {
  const labels = choices.map((choice) => normalizeText(choice.label));
  const exact = labels.findIndex((label) => label === text);
  const index =
    exact >= 0
      ? exact
      : (() => {
          const mentioned = labels
            .map((label, i) => ({
              i,
              hit: label.length >= 3 && new RegExp(wholePhrasePattern(label), 'iu').test(text),
            }))
            .filter((entry) => entry.hit);
          return mentioned.length === 1 ? (mentioned[0]?.i ?? -1) : -1;
        })();
  if (index < 0) return undefined;
  return atPosition(choices, index + 1, exact >= 0);
}

/** Which of the choices the bot last showed the reply picks, by number, ordinal or label. */
export function resolveChoice(
  text: string,
  choices: readonly ChoiceOption[] | undefined,
): ResolvedChoice | undefined {
  if (!choices || choices.length === 0) return undefined;
  // "Would you like to see what I can offer? 1) Show offers": a yes takes the one thing offered.
  if (choices.length === 1 && readYesNo(text) === 'yes') return atPosition(choices, 1, true);
  const whole = WHOLE_REPLY.exec(text);
  if (whole) {
    const position = parseNumberWord(whole[1] ?? '');
    if (position !== undefined) return atPosition(choices, position, true);
  }
  const inSentence = IN_SENTENCE.exec(text);
  if (inSentence) {
    const position = parseNumberWord(inSentence[1] ?? inSentence[2] ?? '');
    if (position !== undefined) return atPosition(choices, position, false);
  }
  return byLabel(text, choices);
}
