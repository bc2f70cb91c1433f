/**
 * NLP.js v4 ships CommonJS without types. These declarations cover only what `nlpjs.ts` uses, so the
 * rest of the understanding module stays typed without pulling in a community typings package.
 */
declare module '@nlpjs/core' {
  export interface NlpjsContainer {
    use(plugin: unknown): void;
    registerConfiguration(tag: string, settings: Record<string, unknown>, overwrite: boolean): void;
  }
  export function containerBootstrap(): Promise<NlpjsContainer>;
}

declare module '@nlpjs/lang-en-min' {
  export const LangEn: unknown;
}

declare module '@nlpjs/nlp' {
  import type { NlpjsContainer } from '@nlpjs/core';

  export interface NlpjsSettings {
    languages: string[];
    autoLoad: boolean;
    autoSave: boolean;
    container: NlpjsContainer;
    nlu: { log: boolean };
  }
  export interface NlpjsClassification {
    intent: string;
    score: number;
  }
  export interface NlpjsProcessResult {
    intent: string;
    score: number;
    classifications?: NlpjsClassification[];
  }
  export class Nlp {
    constructor(settings: NlpjsSettings);
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    process(locale: string, utterance: string): Promise<NlpjsProcessResult>;
  }
}
