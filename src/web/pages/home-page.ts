import { chatWidgetMount, chatWidgetScript, chatWidgetStylesheet } from './chat-widget';
import { markup } from './html';
import type { SafeHtml } from './html';
import { pageLayout } from './layout';
import { priceBlock } from './price-block';
import type { OfferCardView } from './view-models';

export interface HomePageView {
  offers: OfferCardView[];
  signedIn: boolean;
}

function offerCard(offer: OfferCardView): SafeHtml {
  const headingId = `offer-${offer.id}`;
  const category = offer.category ? markup`<p class="category">${offer.category}</p>\n` : '';
  const description = offer.description ? markup`<p>${offer.description}</p>\n` : '';
  return markup`<li class="offer-card">
<article aria-labelledby="${headingId}">
${category}<h3 id="${headingId}"><a href="/offers/${encodeURIComponent(offer.id)}">${offer.name}</a></h3>
${description}${priceBlock(offer.price, 'Web price')}
</article>
</li>
`;
}

/** The portal home: what this visitor (or signed-in customer) can buy on the web, and the chat. */
export function homePage(view: HomePageView): SafeHtml {
  const offers =
    view.offers.length > 0
      ? markup`<section aria-labelledby="offers-heading">
<h2 id="offers-heading" class="visually-hidden">Offers</h2>
<ul class="offer-list">
${view.offers.map(offerCard)}</ul>
</section>`
      : markup`<p>There are no offers to show right now.</p>`;
  const main = markup`<h1>Offers for you</h1>
<p class="lead">Plans, add-ons and promotions at web prices. Questions? Chat with us below.</p>
${offers}
${chatWidgetMount()}`;
  return pageLayout({
    title: 'Offers',
    description: 'Mobile plans, add-ons and promotions at web prices.',
    signedIn: view.signedIn,
    main,
    stylesheets: [chatWidgetStylesheet],
    scripts: [chatWidgetScript],
  });
}
