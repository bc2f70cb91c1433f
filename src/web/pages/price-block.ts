import { markup } from './html';
import type { SafeHtml } from './html';
import type { PriceView } from './view-models';

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A price with its extras and savings; the label is for screen readers (the heading says it). */
export function priceBlock(price: PriceView | undefined, label: string): SafeHtml {
  if (!price) return markup`<p class="price price-missing">Ask us for the price</p>`;
  const extras = price.extras.map((extra) => markup` <span class="price-extra">${extra}</span>`);
  const savings =
    price.savings.length > 0
      ? markup`<ul class="savings">${price.savings.map((saving) => markup`<li>${saving}</li>`)}</ul>\n`
      : '';
  const labels =
    price.labels.length > 0
      ? markup`<p class="price-labels">${capitalised(price.labels.join(', '))}</p>\n`
      : '';
  return markup`<div class="price-block">
<p class="price"><span class="visually-hidden">${label}: </span><strong>${price.headline}</strong>${extras}</p>
${labels}${savings}</div>`;
}
