import { TextPrompt, WaterfallDialog } from 'botbuilder-dialogs';
import type { Dialog, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { isAppError } from '../../domain/shared/errors';
import { normalisePhone } from '../../domain/shared/phone';
import { replyActivity } from '../adapter/reply-activity';
import { textReply } from '../replies/conversation-replies';
import { remember } from '../state/conversation-state';
import { TurnFacts } from '../turn/turn-facts';
import { dialogIds } from './dialog-ids';

const CODE_DIALOG = 'identify.enterCode';

/** What she was doing when she was asked to sign in: the bot goes back to it afterwards. */
export interface IdentifyOptions {
  returnTo?: 'checkout';
}

interface CodeOptions extends IdentifyOptions {
  phone: string;
}

function asPhone(text: string | undefined): string | undefined {
  try {
    return text ? normalisePhone(text) : undefined;
  } catch {
    return undefined;
  }
}

function asCode(text: string | undefined): string | undefined {
  const digits = text?.replace(/\s+/g, '') ?? '';
  return /^\d{6}$/.test(digits) ? digits : undefined;
}

/**
 * Web chat sign-in inside the conversation: her mobile number, then the one-time code texted to
 * it. Success links this visitor to the customer, which moves her cart and history across, so the
 * rest of the chat (and every later channel) is one person.
 */
export function identifyDialogs(): Dialog[] {
  return [
    new TextPrompt(dialogIds.phonePrompt, async (prompt) => {
      if (asPhone(prompt.recognized.value) !== undefined) return true;
      // "im already with u", "yes i'm a customer": the number is what proves it, so ask for it kindly.
      const facts = TurnFacts.of(prompt.context);
      if (facts.text && !facts.value) {
        const { intent } = await facts.understanding();
        if (intent === 'identify' || intent === 'affirm') {
          await facts.say(
            textReply(
              'Great. To find your account, type the mobile number on it, for example 07700 900123.',
            ),
          );
        }
      }
      return false;
    }),
    new TextPrompt(
      dialogIds.codePrompt,
      async (prompt) => asCode(prompt.recognized.value) !== undefined,
    ),
    new WaterfallDialog<IdentifyOptions>(dialogIds.identify, [askPhone, sendCode]),
    new WaterfallDialog<CodeOptions>(CODE_DIALOG, [askCode, verifyCode]),
  ];
}

async function askPhone(step: WaterfallStepContext<IdentifyOptions>): Promise<DialogTurnResult> {
  const facts = TurnFacts.of(step.context);
  if (facts.party.customerId) {
    const customer = await facts.customer();
    if (step.options?.returnTo) return step.endDialog();
    await facts.say(
      textReply(`You are already signed in${customer ? ` as ${customer.name.given}` : ''}.`),
    );
    return step.endDialog();
  }
  if (!facts.inbound.visitorId && !facts.party.visitorId) {
    await facts.say({
      blocks: [
        { kind: 'text', text: 'Please sign in on our website first.' },
        { kind: 'link', label: 'Sign in', url: `${facts.services.portalUrl}/sign-in` },
      ],
    });
    return step.endDialog();
  }
  return step.prompt(dialogIds.phonePrompt, {
    prompt: replyActivity(
      textReply('What is your mobile number? I will text you a 6-digit code to confirm it is you.'),
    ),
    retryPrompt: replyActivity(
      textReply('That does not look like a mobile number. Try again, e.g. 07700 900123.'),
    ),
  });
}

async function sendCode(step: WaterfallStepContext<IdentifyOptions>): Promise<DialogTurnResult> {
  const facts = TurnFacts.of(step.context);
  const phone = asPhone(step.result as string)!;
  const visitorId = facts.party.visitorId ?? facts.inbound.visitorId!;
  try {
    await facts.services.identities.requestSmsCode(visitorId, phone);
  } catch (error) {
    if (!isAppError(error) || error.code !== 'RATE_LIMITED') throw error;
  }
  remember(facts.memory, 'sent a sign-in code');
  return step.replaceDialog(CODE_DIALOG, { ...step.options, phone });
}

async function askCode(step: WaterfallStepContext<CodeOptions>): Promise<DialogTurnResult> {
  return step.prompt(dialogIds.codePrompt, {
    prompt: replyActivity(
      textReply('I have sent a code by SMS if that number is on an account. What is the code?'),
    ),
    retryPrompt: replyActivity(textReply('The code is 6 digits, from the SMS we just sent.')),
  });
}

async function verifyCode(step: WaterfallStepContext<CodeOptions>): Promise<DialogTurnResult> {
  const facts = TurnFacts.of(step.context);
  const code = asCode(step.result as string)!;
  const visitorId = facts.party.visitorId ?? facts.inbound.visitorId!;
  try {
    const { customerId } = await facts.services.identities.verifySmsCode(
      visitorId,
      step.options.phone,
      code,
    );
    facts.becomes({ customerId });
    const customer = await facts.customer();
    remember(facts.memory, 'customer proved her number');
    const thanks = `Thanks${customer ? ` ${customer.name.given}` : ''}, you are signed in.`;
    // Back to what she was doing: the checkout goes on with her cart, now the customer's.
    if (step.options.returnTo) {
      await facts.say(textReply(thanks));
      return step.endDialog();
    }
    await facts.say(await facts.cartReply(await facts.cart(), thanks));
    return step.endDialog();
  } catch (error) {
    if (!isAppError(error) || error.code !== 'UNPROCESSABLE') throw error;
    const attemptsLeft =
      (error.details as { attemptsLeft?: number } | undefined)?.attemptsLeft ?? 0;
    if (attemptsLeft > 0) {
      await facts.say(textReply(`That code is not right. ${attemptsLeft} tries left.`));
      return step.replaceDialog(CODE_DIALOG, step.options);
    }
    await facts.say(textReply('That did not work. Ask me to sign you in again for a new code.'));
    return step.endDialog();
  }
}
