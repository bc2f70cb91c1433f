import { markup } from './html';
import type { SafeHtml } from './html';

export interface LayoutOptions {
  title: string;
  description?: string;
  /** Whether a customer is signed in (from the session cookie): the header drops "Sign in". */
  signedIn?: boolean;
  main: SafeHtml;
  /** Extra stylesheets (e.g. the chat widget's) after the portal's own. */
  stylesheets?: string[];
  /** Deferred scripts; plain files from /assets, no inline code (the CSP forbids it). */
  scripts?: string[];
}

export const portalName = 'Mobile portal';

/**
 * The document every portal page shares: a skip link, one landmark each for header, main and
 * footer, and nothing inline (styles and scripts come from /assets under a strict CSP).
 */
export function pageLayout(options: LayoutOptions): SafeHtml {
  const stylesheets = ['/assets/portal.css', ...(options.stylesheets ?? [])];
  const links = stylesheets.map((href) => markup`<link rel="stylesheet" href="${href}">\n`);
  const scripts = (options.scripts ?? []).map(
    (src) => markup`<script src="${src}" defer></script>\n`,
  );
  const description = options.description
    ? markup`<meta name="description" content="${options.description}">\n`
    : '';
  const signIn = options.signedIn ? '' : markup`<li><a href="/sign-in">Sign in</a></li>\n`;
  return markup`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${portalName}</title>
${description}${links}${scripts}</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
<a class="brand" href="/">${portalName}</a>
<nav aria-label="Main">
<ul>
<li><a href="/">Offers</a></li>
<li><a href="/self-care">Self-care</a></li>
${signIn}</ul>
</nav>
</header>
<main id="main" tabindex="-1">
${options.main}
</main>
<footer class="site-footer">
<p>Prices include VAT. Monthly prices are charged with your bill.</p>
</footer>
</body>
</html>
`;
}
