import { chatWidgetMount, chatWidgetScript, chatWidgetStylesheet } from './chat-widget';
import { markup } from './html';
import type { SafeHtml } from './html';
import { pageLayout } from './layout';
import { priceBlock } from './price-block';
import type { CharacteristicView, OfferLandingView } from './view-models';

function characteristicList(characteristic: CharacteristicView): SafeHtml {
  const options = characteristic.options.map((option) => {
    const price = option.price ? markup`: <strong>${option.price}</strong>` : '';
    return markup`<li>${option.label}${price}</li>`;
  });
  return markup`<h3>${characteristic.label}</h3>
<ul class="choices">${options}</ul>
`;
}

function selfCareDeal(view: OfferLandingView): SafeHtml | '' {
  const price = view.selfCarePrice;
  if (!price) return '';
  const savings = price.savings.length > 0 ? ` (${price.savings.join(', ')})` : '';
  return markup`<p class="self-care-deal">Even less in self-care: <strong>${price.headline}</strong>${savings}</p>\n`;
}

/** The campaign link's target: the offer at the web price, why it is offered, and two ways on. */
export function offerPage(view: OfferLandingView, signedIn: boolean): SafeHtml {
  const selfCareHref = `/self-care?add=${encodeURIComponent(view.id)}`;
  const category = view.category ? markup`<p class="category">${view.category}</p>\n` : '';
  const description = view.description ? markup`<p class="lead">${view.description}</p>\n` : '';
  const options =
    view.characteristics.length > 0
      ? markup`<section aria-labelledby="options-heading">
<h2 id="options-heading">Options</h2>
${view.characteristics.map(characteristicList)}</section>
`
      : '';
  const reasons = [...view.reasons, ...view.caveats].map((reason) => markup`<li>${reason}</li>`);
  const main = markup`<article class="offer" aria-labelledby="offer-heading">
${category}<h1 id="offer-heading">${view.name}</h1>
${description}<section aria-labelledby="price-heading" class="offer-price">
<h2 id="price-heading">Web price</h2>
${priceBlock(view.price, 'Web price')}
${selfCareDeal(view)}</section>
${options}<section aria-labelledby="why-heading">
<h2 id="why-heading">${view.offered ? 'Why we offer it to you' : 'Before you buy'}</h2>
<ul class="reasons">${reasons}</ul>
</section>
<p class="actions">
<a class="button" href="#chat-widget" id="chat-cta">Chat with us</a>
<a class="button button-primary" href="${selfCareHref}">Buy in self-care</a>
</p>
</article>
${chatWidgetMount({ offerId: view.id, ...(view.campaignToken ? { campaignToken: view.campaignToken } : {}) })}`;
  return pageLayout({
    title: view.name,
    ...(view.description ? { description: view.description } : {}),
    signedIn,
    main,
    stylesheets: [chatWidgetStylesheet],
    scripts: [chatWidgetScript],
  });
}
