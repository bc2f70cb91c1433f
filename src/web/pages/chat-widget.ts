import { markup } from './html';
import type { SafeHtml } from './html';

/** The chat widget's own files (built by the web-chat connector), included by pages that chat. */
export const chatWidgetStylesheet = '/assets/chat-widget.css';
export const chatWidgetScript = '/assets/chat-widget.js';

export interface ChatWidgetOptions {
  offerId?: string;
  /** A campaign link token from `?c=`; the widget decides how to use it (it links the visitor). */
  campaignToken?: string;
}

/**
 * The mount point the widget script fills in. Pages hand it context only through data attributes,
 * so the page and the widget share no code and no globals.
 */
export function chatWidgetMount(options: ChatWidgetOptions = {}): SafeHtml {
  const offer = options.offerId ? markup` data-offer-id="${options.offerId}"` : '';
  const campaign = options.campaignToken
    ? markup` data-campaign-token="${options.campaignToken}"`
    : '';
  return markup`<section class="chat" aria-labelledby="chat-heading">
<h2 id="chat-heading">Chat with us</h2>
<div id="chat-widget"${offer}${campaign}></div>
<noscript><p>Chat needs JavaScript. You can also text us or call us.</p></noscript>
</section>`;
}
