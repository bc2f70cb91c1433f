import { escapeHtml, markup } from '../../../../src/web/pages/html';
import { offerPage } from '../../../../src/web/pages/offer-page';
import { selfCarePage } from '../../../../src/web/pages/self-care-page';
import { signInPage } from '../../../../src/web/pages/sign-in-page';
import type { OfferLandingView } from '../../../../src/web/pages/view-models';

const hostile = '<img src=x onerror="alert(1)">\'&';

function landing(overrides: Partial<OfferLandingView> = {}): OfferLandingView {
  return {
    id: 'po-data-boost',
    name: 'Data Boost',
    description: 'Add 5, 10 or 20 GB to your plan every month.',
    category: 'Add-ons',
    price: { headline: '£3.00 a month', extras: [], savings: [], labels: [] },
    offered: true,
    reasons: ['It works with the plan you have.'],
    caveats: [],
    characteristics: [],
    ...overrides,
  };
}

describe('page markup', () => {
  it('escapes text and attribute values, and passes nested templates through', () => {
    expect(escapeHtml(hostile)).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;');
    const inner = markup`<em>${'a<b'}</em>`;
    expect(markup`<p title="${'"x"'}">${inner}${[1, 2]}${undefined}${false}</p>`.value).toBe(
      '<p title="&quot;x&quot;"><em>a&lt;b</em>12</p>',
    );
  });

  it('renders catalog text on the offer page as text, never as markup', () => {
    const page = offerPage(
      landing({
        name: hostile,
        description: hostile,
        reasons: [hostile],
        campaignToken: 'a.b.c"><script>',
      }),
      false,
    ).value;
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<script>');
    expect(page).toContain('data-campaign-token="a.b.c&quot;&gt;&lt;script&gt;"');
  });

  it('puts nothing inline that a strict CSP would block', () => {
    const pages = [
      offerPage(
        landing({
          selfCarePrice: { headline: '£2.40 a month', extras: [], savings: [], labels: [] },
        }),
        true,
      ),
      signInPage({ next: '/self-care?add=po-data-boost' }),
      selfCarePage({
        customer: { displayName: "Liam O'Connor" },
        subscriptions: [
          {
            name: 'Data Boost',
            status: 'active',
            details: ['Data size: 10'],
            since: '5 January 2024',
          },
        ],
        addOfferingId: 'po-data-boost',
      }),
    ];
    for (const page of pages) {
      expect(page.value).not.toMatch(/<script>|<style|\sstyle="|\son[a-z]+=/i);
      expect(page.value).toMatch(/^<!doctype html>\n<html lang="en-GB">/);
      expect(page.value).toContain('<main id="main" tabindex="-1">');
      expect(page.value).toContain('<a class="skip-link" href="#main">');
    }
  });

  it('labels every sign-in control', () => {
    const page = signInPage({ next: '/self-care' }).value;
    for (const id of ['phone', 'code']) {
      expect(page).toContain(`<label for="${id}">`);
      expect(page).toContain(`id="${id}"`);
    }
    expect(page).toContain('autocomplete="one-time-code"');
    expect(page).toContain('role="alert"');
  });
});
