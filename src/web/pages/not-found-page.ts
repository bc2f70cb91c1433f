import { markup } from './html';
import type { SafeHtml } from './html';
import { pageLayout } from './layout';

/** What a visitor sees for an offer that does not exist, has ended, or is not sold on the web. */
export function offerNotFoundPage(signedIn: boolean): SafeHtml {
  return pageLayout({
    title: 'Offer not found',
    signedIn,
    main: markup`<h1>This offer is not available</h1>
<p>It may have ended, or the link may be incomplete.</p>
<p><a class="button" href="/">See current offers</a></p>`,
  });
}
