import { markup } from './html';
import type { SafeHtml } from './html';
import { pageLayout } from './layout';
import type { SelfCareView, SubscriptionView } from './view-models';

function subscriptionItem(subscription: SubscriptionView): SafeHtml {
  const details =
    subscription.details.length > 0
      ? markup`<span class="details">${subscription.details.join(' · ')}</span>\n`
      : '';
  return markup`<li>
<strong>${subscription.name}</strong> <span class="badge badge-${subscription.status}">${subscription.status}</span>
${details}<span class="since">since ${subscription.since}</span>
</li>
`;
}

/**
 * The signed-in customer's page. Subscriptions are rendered here; the cart and orders are drawn by
 * /assets/self-care.js from the TMF APIs (self-care prices), so they are always current.
 */
export function selfCarePage(view: SelfCareView): SafeHtml {
  const add = view.addOfferingId ? markup` data-add-offering="${view.addOfferingId}"` : '';
  const subscriptions =
    view.subscriptions.length > 0
      ? markup`<ul class="subscriptions">
${view.subscriptions.map(subscriptionItem)}</ul>`
      : markup`<p>You have no products with us yet.</p>`;
  const main = markup`<div id="self-care"${add}>
<div class="page-title">
<h1>Hello, ${view.customer.displayName}</h1>
<form id="sign-out-form" method="post" action="/api/auth/customer/sign-out">
<button type="submit" class="link-button">Sign out</button>
</form>
</div>
<section aria-labelledby="subscriptions-heading">
<h2 id="subscriptions-heading">Your products</h2>
${subscriptions}
</section>
<section id="add-section" aria-labelledby="add-heading" hidden>
<h2 id="add-heading">Add to your cart</h2>
<form id="add-form" class="stack"></form>
</section>
<section aria-labelledby="cart-heading">
<h2 id="cart-heading">Your cart <span class="price-note">(self-care prices)</span></h2>
<div id="cart" aria-busy="true"><p>Loading your cart…</p></div>
</section>
<section aria-labelledby="orders-heading">
<h2 id="orders-heading">Your orders</h2>
<div id="orders"><p>Loading your orders…</p></div>
</section>
<p id="self-care-status" class="status" role="status" aria-live="polite"></p>
<p id="self-care-error" class="error" role="alert"></p>
</div>
<noscript><p class="error">Your cart needs JavaScript.</p></noscript>`;
  return pageLayout({
    title: 'Self-care',
    signedIn: true,
    main,
    scripts: ['/assets/self-care.js'],
  });
}
