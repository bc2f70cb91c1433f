import { randomBytes } from 'node:crypto';
import { postSignedWebhook } from './signed-webhook';
import type { WebhookResponse } from './signed-webhook';

/*
 * Twilio's side of a phone call, in process: the incoming-call webhook, speech turns with the bot,
 * the transfer to an agent, and then what Twilio's real-time transcription reports of both
 * parties — partial lines, then the final line — to the statusCallbackUrl the TwiML named, each
 * event signed exactly as Twilio signs it. Nothing here knows the service's internals.
 */

export type ScriptSpeaker = 'customer' | 'agent';

export interface ScriptLine {
  speaker: ScriptSpeaker;
  text: string;
  /** Partial results sent before the final line (Twilio's `partialResults="true"`); default 2. */
  partials?: number;
  confidence?: number;
}

export interface ScriptedCallOptions {
  accountSid: string;
  authToken: string;
  /** The service's public base URL (what Twilio calls and signs over). */
  baseUrl: () => string;
  from: string;
  to: string;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export function newCallSid(): string {
  return `CA${hex(16)}`;
}

/** The statusCallbackUrl of `<Start><Transcription>` in a TwiML answer, if it starts one. */
export function transcriptionUrlOf(twiml: string): string | undefined {
  const tag = /<Start>\s*<Transcription\b([^>]*)\/?>/.exec(twiml)?.[1];
  const url = tag ? /\bstatusCallbackUrl="([^"]+)"/.exec(tag)?.[1] : undefined;
  return url?.replaceAll('&amp;', '&');
}

/** The Gather turn a TwiML answer posts back to. */
function gatherPathOf(twiml: string): string | undefined {
  return /<Gather [^>]*action="([^"]+)"/.exec(twiml)?.[1]?.replaceAll('&amp;', '&');
}

/** Words said so far, as a recogniser reports them before the caller finishes. */
function partialsOf(text: string, count: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length < 2 || count <= 0) return [];
  const steps = Math.min(count, words.length - 1);
  return Array.from({ length: steps }, (_, index) =>
    words.slice(0, Math.max(1, Math.round(((index + 1) * words.length) / (steps + 1)))).join(' '),
  );
}

export class ScriptedCall {
  readonly callSid = newCallSid();
  readonly transcriptionSid = `GT${hex(16)}`;
  private sequence = 0;
  private nextGather: string | undefined;
  transcriptionUrl: string | undefined;
  /** The TwiML answers Twilio got, in order. */
  readonly answers: string[] = [];

  constructor(private readonly options: ScriptedCallOptions) {}

  private params(extra: Record<string, string>): Record<string, string> {
    return {
      CallSid: this.callSid,
      AccountSid: this.options.accountSid,
      From: this.options.from,
      To: this.options.to,
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
      ...extra,
    };
  }

  private async post(path: string, params: Record<string, string>): Promise<WebhookResponse> {
    const url = path.startsWith('http') ? path : `${this.options.baseUrl()}${path}`;
    return postSignedWebhook(url, params, this.options.authToken);
  }

  private async answered(path: string, params: Record<string, string>): Promise<string> {
    const response = await this.post(path, params);
    if (response.status !== 200) {
      throw new Error(`the service answered ${path} with ${response.status}: ${response.body}`);
    }
    this.answers.push(response.body);
    this.nextGather = gatherPathOf(response.body);
    this.transcriptionUrl ??= transcriptionUrlOf(response.body);
    return response.body;
  }

  /** The number's Voice URL is called: the bot greets her. */
  dial(): Promise<string> {
    return this.answered('/webhooks/twilio/voice', this.params({ CallStatus: 'ringing' }));
  }

  /** She says something to the bot (a Gather result). */
  async sayToBot(speech: string, confidence = 0.93): Promise<string> {
    if (!this.nextGather) throw new Error('the call is not listening for speech');
    return this.answered(
      this.nextGather,
      this.params({
        CallStatus: 'in-progress',
        SpeechResult: speech,
        Confidence: String(confidence),
      }),
    );
  }

  /** She asks for a person: the answer must enqueue her and start transcription. */
  async askForAgent(speech = 'Can I speak to a person please'): Promise<string> {
    const twiml = await this.sayToBot(speech);
    if (!/<Enqueue\b/.test(twiml)) throw new Error('the call was not put through to an agent');
    if (!this.transcriptionUrl) throw new Error('the transfer did not start transcription');
    return twiml;
  }

  private transcriptionParams(event: string, extra: Record<string, string> = {}) {
    this.sequence += 1;
    return {
      AccountSid: this.options.accountSid,
      CallSid: this.callSid,
      TranscriptionSid: this.transcriptionSid,
      Timestamp: new Date().toISOString(),
      SequenceId: String(this.sequence),
      TranscriptionEvent: event,
      LanguageCode: 'en-GB',
      ...extra,
    };
  }

  private async transcription(params: Record<string, string>): Promise<WebhookResponse> {
    if (!this.transcriptionUrl) throw new Error('transcription was never started');
    return this.post(this.transcriptionUrl, params);
  }

  /** The last event's parameters, so a test can deliver it again as a retry would. */
  lastEvent: Record<string, string> | undefined;

  async transcriptionStarted(): Promise<WebhookResponse> {
    this.lastEvent = this.transcriptionParams('transcription-started', {
      ProviderConfiguration: JSON.stringify({ profanityFilter: 'true', speechModel: 'telephony' }),
    });
    return this.transcription(this.lastEvent);
  }

  /**
   * One utterance: its partial results, then the final line. `beforeFinal` hears the final line's
   * SequenceId just before it is posted (benchmarks time from there).
   */
  async speak(
    line: ScriptLine,
    pauseMs = 0,
    beforeFinal?: (sequence: number) => void,
  ): Promise<WebhookResponse[]> {
    const track = line.speaker === 'customer' ? 'inbound_track' : 'outbound_track';
    const confidence = line.confidence ?? 0.92;
    const responses: WebhookResponse[] = [];
    const partials = partialsOf(line.text, line.partials ?? 2);
    const each = partials.length > 0 ? pauseMs / (partials.length + 1) : pauseMs;
    for (const partial of partials) {
      this.lastEvent = this.content(track, partial, confidence * 0.8, false);
      responses.push(await this.transcription(this.lastEvent));
      if (each > 0) await new Promise((resolve) => setTimeout(resolve, each));
    }
    this.lastEvent = this.content(track, line.text, confidence, true);
    beforeFinal?.(this.sequence);
    responses.push(await this.transcription(this.lastEvent));
    if (each > 0) await new Promise((resolve) => setTimeout(resolve, each));
    return responses;
  }

  private content(track: string, transcript: string, confidence: number, final: boolean) {
    return this.transcriptionParams('transcription-content', {
      Track: track,
      TranscriptionData: JSON.stringify({
        transcript,
        confidence: Math.round(confidence * 1000) / 1000,
      }),
      Final: final ? 'true' : 'false',
      ...(final ? {} : { Stability: '0.8' }),
    });
  }

  /** Posts `params` again, as Twilio's retry of a delivery it thinks failed. */
  redeliver(params: Record<string, string>): Promise<WebhookResponse> {
    return this.transcription(params);
  }

  async transcriptionStopped(): Promise<WebhookResponse> {
    this.lastEvent = this.transcriptionParams('transcription-stopped');
    return this.transcription(this.lastEvent);
  }

  /** She hangs up: the call status callback reports the call completed. */
  async hangUp(durationSeconds = 120): Promise<WebhookResponse> {
    return this.post(
      '/webhooks/twilio/voice/status',
      this.params({ CallStatus: 'completed', CallDuration: String(durationSeconds) }),
    );
  }
}

/** The walk-through's call: Stacy, Spain next week, the agent's consent question. */
export const demoCallScript: readonly ScriptLine[] = [
  {
    speaker: 'agent',
    text: 'Hello, you are through to Alex. This call may be recorded for training and quality purposes.',
  },
  {
    speaker: 'customer',
    text: "Hi Alex, I'm going to Spain next week and I need my phone to work",
  },
  {
    speaker: 'agent',
    text: 'No problem, the Europe Roaming Week Pass covers Spain for seven days.',
  },
  { speaker: 'customer', text: 'Great, how much is it' },
  { speaker: 'agent', text: 'It is seven pounds fifty, once.' },
  { speaker: 'customer', text: 'Lovely, and I keep running out of data too' },
  {
    speaker: 'agent',
    text: 'Do you agree to us placing this order on your account?',
  },
  { speaker: 'customer', text: 'Yes I agree' },
];

export interface PlayOptions {
  lines: readonly ScriptLine[];
  /** Pause after each line (the speaker's time), default 1500 ms. */
  lineDelayMs: number;
  /** Pause after the transfer before the agent speaks (time to accept), default 0. */
  answerDelayMs: number;
  /** End the transcription and the call after the last line. */
  hangUp: boolean;
}

/** A whole call: dial, ask for a person, then both parties' lines, then the hang-up. */
export async function playScriptedCall(
  call: ScriptedCall,
  options: PlayOptions,
  progress: (step: string) => void = () => undefined,
): Promise<void> {
  await call.dial();
  progress('ringing');
  await call.askForAgent();
  progress('transferred');
  await call.transcriptionStarted();
  if (options.answerDelayMs > 0) await new Promise((r) => setTimeout(r, options.answerDelayMs));
  progress('talking');
  for (const line of options.lines) await call.speak(line, options.lineDelayMs);
  if (!options.hangUp) {
    progress('done');
    return;
  }
  await call.transcriptionStopped();
  await call.hangUp();
  progress('ended');
}
