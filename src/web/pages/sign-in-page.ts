import { markup } from './html';
import type { SafeHtml } from './html';
import { pageLayout } from './layout';

export interface SignInPageView {
  /** A local path to go to once signed in (already checked to be on this site). */
  next: string;
}

/**
 * Two small forms: the mobile number, then the code texted to it. Without JavaScript nothing can be
 * sent (the API takes JSON), so the page says so instead of failing silently.
 */
export function signInPage(view: SignInPageView): SafeHtml {
  const main = markup`<h1>Sign in</h1>
<div id="sign-in" data-next="${view.next}">
<p class="lead">We text a 6-digit code to your mobile number. No password needed.</p>
<form id="phone-form" class="stack" novalidate>
<label for="phone">Mobile number</label>
<input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required aria-describedby="phone-hint">
<p id="phone-hint" class="hint">The number on your account, for example 07700 900123.</p>
<button type="submit">Text me a code</button>
</form>
<form id="code-form" class="stack" novalidate hidden>
<label for="code">6-digit code</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required aria-describedby="code-hint">
<p id="code-hint" class="hint">Sent by text message; it expires in 10 minutes.</p>
<button type="submit">Sign in</button>
<button type="button" id="restart" class="link-button">Use another number</button>
</form>
<p id="sign-in-status" class="status" role="status" aria-live="polite"></p>
<p id="sign-in-error" class="error" role="alert"></p>
</div>
<noscript><p class="error">Signing in needs JavaScript.</p></noscript>`;
  return pageLayout({ title: 'Sign in', main, scripts: ['/assets/sign-in.js'] });
}
