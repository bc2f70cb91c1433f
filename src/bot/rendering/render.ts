import { describeChannel } from '../../domain/shared/channel';
import type { Channel } from '../../domain/shared/channel';
import type { Reply } from './reply';
import type { SmsRenderOptions, SmsRendering } from './render-sms';
import { renderSms } from './render-sms';
import type { VoiceRendering } from './render-voice';
import { renderVoice } from './render-voice';
import type { WebRendering } from './render-web';
import { renderWeb } from './render-web';

/** A rendering tagged with its form, so a connector can switch on `form` and get the right type. */
export type ChannelRendering =
  | { readonly form: 'sms'; readonly sms: SmsRendering }
  | { readonly form: 'web'; readonly web: WebRendering }
  | { readonly form: 'voice'; readonly voice: VoiceRendering };

export interface RenderOptions {
  readonly sms?: SmsRenderOptions;
}

/** Renders one reply the way its channel draws replies: plain text, rich bubbles, or speech. */
export function renderForChannel(
  reply: Reply,
  channel: Channel,
  options: RenderOptions = {},
): ChannelRendering {
  switch (describeChannel(channel).replies) {
    case 'text':
      return { form: 'sms', sms: renderSms(reply, options.sms) };
    case 'speech':
      return { form: 'voice', voice: renderVoice(reply) };
    case 'rich':
      return { form: 'web', web: renderWeb(reply) };
  }
}
