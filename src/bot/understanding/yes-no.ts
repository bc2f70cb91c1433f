import { expandShorthand } from './shorthand';
import { normalizeText } from './text';

/**
 * Yes and no as people say them to a yes/no question, read before the classifier: "go on", "do
 * it", "please" and "not now" are answers here, whatever they would mean on their own.
 */
const YES =
  /^(?:(?:oh )?(?:yes|y|yeah|yeh|yep|yup|yas|aye|ok|okay|k|kk|sure|sure thing|go on|go ahead|go for it|do it|please|yes please|ok please|sounds good|fine|that's fine|alright|all right|confirm|confirmed|place it|place the order|absolutely|definitely|of course|why not|let's do it|let's go|deal|perfect|great|lovely|correct|right|that's right)(?: then| please| thanks| thank you| do it| go ahead| go on| sure| ok)*)$/;
const NO =
  /^(?:(?:oh )?(?:no|n|nah|nope|na|not now|not yet|no thanks|no thank you|maybe later|later|not today|don't|do not|leave it|no leave it|not really|no way|never mind|actually no|no actually|i'll leave it|not for me|changed my mind|i've changed my mind)(?: thanks| thank you| then| sorry| for now| not now| please)*)$/;

export type YesNo = 'yes' | 'no';

export function readYesNo(rawText: string): YesNo | undefined {
  const text = expandShorthand(normalizeText(rawText))
    .replace(/[.!?,]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return undefined;
  if (YES.test(text)) return 'yes';
  if (NO.test(text)) return 'no';
  return undefined;
}
