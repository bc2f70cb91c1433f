import { markup } from './html';
import type { SafeHtml } from './html';
import type { PriceView } from './view-models';

/** A price with its extras and savings; the label is for screen readers (the heading says it). */
export function priceBlock(price: PriceView | undefined, label: string): SafeHtml {
  if (!price) return markup`<p class="price price-missing">Ask us for the price</p>`;
  const extras = price.extras.map((extra) => markup` <span class="price-extra">${extra}</span>`);
  const savings =
    price.savings.length > 0
      ? markup`<ul class="savings">${price.savings.map((saving) => markup`<li>${saving}</li>`)}</ul>\n`
      : '';
  return markup`<div class="price-block">
<p class="price"><span class="visually-hidden">${label}: </span><strong>${price.headline}</strong>${extras}</p>
${savings}</div>`;
}
