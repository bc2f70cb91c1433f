import type { LanguageUnderstanding, OfferVocabulary, Understanding } from '../bot/understanding';
import { expandShorthand } from '../bot/understanding/shorthand';
import { normalizeText } from '../bot/understanding/text';
import type { LiveNeed } from '../domain/handovers/live-call';

/*
 * What a customer's spoken line says she needs, read with the bot's own understanding (intents,
 * offer names and values from the live catalog, shorthand and spelling), plus the few cues of a
 * phone call the bot's requests never carry: a trip, data running out, a bill that is too high.
 */

const TRAVEL =
  /\b(?:abroad|overseas|holiday|holidays|trip|roaming|travel|travelling|traveling|vacation)\b|\b(?:going|flying|heading|off|driving|travelling|traveling|moving) (?:over |out )?to\b/;

/** Countries and regions as callers name them, with how the agent should read them. */
const DESTINATIONS: ReadonlyArray<[RegExp, string]> = [
  ['spain', 'Spain'],
  ['france', 'France'],
  ['italy', 'Italy'],
  ['portugal', 'Portugal'],
  ['germany', 'Germany'],
  ['greece', 'Greece'],
  ['ireland', 'Ireland'],
  ['(?:the )?netherlands|holland|amsterdam', 'the Netherlands'],
  ['belgium', 'Belgium'],
  ['austria', 'Austria'],
  ['switzerland', 'Switzerland'],
  ['croatia', 'Croatia'],
  ['malta', 'Malta'],
  ['cyprus', 'Cyprus'],
  ['poland', 'Poland'],
  ['sweden', 'Sweden'],
  ['norway', 'Norway'],
  ['denmark', 'Denmark'],
  ['iceland', 'Iceland'],
  ['europe', 'Europe'],
  ['barcelona|madrid|ibiza|majorca|mallorca|tenerife|benidorm|malaga|alicante', 'Spain'],
  ['paris|nice', 'France'],
  ['rome|milan|venice|florence', 'Italy'],
  ['lisbon|porto|algarve', 'Portugal'],
  ['the (?:usa|us|states)|america|new york|florida', 'the United States'],
].map(([pattern, name]) => [new RegExp(`\\b(?:${pattern})\\b`), name] as [RegExp, string]);

const WHEN =
  /\b(?:next (?:week|month|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|this (?:week|weekend|month|summer)|tomorrow|tonight|in (?:a|one|two|three|\d+) (?:days?|weeks?)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b/;

const MORE_DATA =
  /\b(?:run|runs|running|ran) out of (?:data|gigs|internet)\b|\bout of data\b|\bnot enough data\b|\bmore data\b|\bdata (?:always |keeps )?(?:runs|running) out\b|\bus(?:e|ed|ing) (?:all|up) (?:of )?my data\b|\bover my (?:data|allowance)\b|\bdata (?:is|keeps) (?:gone|going)\b/;

const GIGABYTES = /\b(\d{1,3})\s?(?:gb|gbs|gig|gigs|gigabytes?)\b/;

const TOO_EXPENSIVE =
  /\btoo (?:expensive|dear|pricey|much)\b|\bcan'?t afford\b|\bcannot afford\b|\bcheaper\b|\bcosts? (?:me )?(?:too|so) much\b|\bbill is (?:too |really |so |very )?(?:high|much|big)\b|\bsave (?:some )?money\b|\blower (?:my )?bill\b|\bpaying (?:too|so) much\b|\bless (?:a|per) month\b/;

const TEXTED =
  /\b(?:text|message|sms) (?:you|u) sent\b|\byou (?:texted|messaged|sent me)\b|\b(?:offer|deal|promotion|promo) (?:in|from|on) (?:the|your|that) (?:text|message)\b|\bgot (?:a|your|the) (?:text|message)\b/;

const ASKING = new Set(['offer_details', 'price', 'add_to_cart']);

export interface NeedContext {
  /** The live catalog as the understanding reads it (the bot's vocabularyOf). */
  offers: OfferVocabulary[];
  now: Date;
}

export class LiveCallNeeds {
  constructor(private readonly language: LanguageUnderstanding) {}

  /** Whether a line could hold a need at all: cheap, so most lines never reach the catalog. */
  static mayHoldNeed(text: string): boolean {
    const plain = expandShorthand(normalizeText(text));
    return (
      TRAVEL.test(plain) ||
      MORE_DATA.test(plain) ||
      TOO_EXPENSIVE.test(plain) ||
      TEXTED.test(plain) ||
      /\b(?:text|message|offer|deal|promo|how much|price|cost|boost|pass|plan|bundle)\b/.test(plain)
    );
  }

  async detect(text: string, context: NeedContext): Promise<LiveNeed[]> {
    const plain = expandShorthand(normalizeText(text));
    const understanding = await this.language.understand(text, {
      offers: context.offers,
      characteristics: context.offers.flatMap((offer) => offer.characteristics ?? []),
      now: context.now,
    });
    const heard = text.trim().slice(0, 300);
    const needs: LiveNeed[] = [];
    const named = namedOffer(understanding, context.offers);

    const destination = DESTINATIONS.find(([pattern]) => pattern.test(plain))?.[1];
    if (TRAVEL.test(plain) || destination) {
      const when = WHEN.exec(plain)?.[0];
      needs.push({
        kind: 'roaming',
        heard,
        ...(destination ? { destination } : {}),
        ...(when ? { when } : {}),
      });
    }
    if (MORE_DATA.test(plain)) {
      const gigabytes = dataAmount(understanding, plain);
      needs.push({
        kind: 'more-data',
        heard,
        ...(gigabytes !== undefined ? { dataGb: gigabytes } : {}),
      });
    }
    if (TOO_EXPENSIVE.test(plain)) needs.push({ kind: 'cheaper-plan', heard });
    if (understanding.intent === 'promo_from_campaign' || TEXTED.test(plain)) {
      needs.push({ kind: 'promotion', heard });
    }
    if (named && ASKING.has(understanding.intent)) {
      needs.push({ kind: 'asked', heard, offeringId: named.id });
    }
    return needs;
  }
}

function namedOffer(understanding: Understanding, offers: readonly OfferVocabulary[]) {
  const id = understanding.entities.offering?.id;
  return id ? offers.find((offer) => offer.id === id) : undefined;
}

/** "about 8 gigs more", or a data size the understanding recognised ("the 10 GB"). */
function dataAmount(understanding: Understanding, plain: string): number | undefined {
  const recognised = understanding.entities.characteristics.find(
    (match) => typeof match.value === 'number' && /gb/i.test(match.unit ?? ''),
  );
  if (recognised) return recognised.value as number;
  const written = GIGABYTES.exec(plain);
  return written?.[1] ? Number(written[1]) : undefined;
}
