/**
 * What the page templates render. Connectors build these from domain results, so templates stay
 * pure string functions that tests can render without a database.
 */

/** A channel price, already worded: `£3.00 a month`, `£10.00 one-off`, and what reduced it. */
export interface PriceView {
  /** The headline, e.g. `£4.00 a month` or `£7.50 one-off`; undefined when nothing is charged. */
  headline: string;
  /** Other lines, e.g. `plus £10.00 one-off`. */
  extras: string[];
  /** Discounts that shaped the price, e.g. `Self-care exclusive 20% off: you save £1.00`. */
  savings: string[];
  /** What makes the price, in her words: `campaign price`, `self-care 20% off`. */
  labels: string[];
}

export interface OptionView {
  value: string;
  label: string;
  isDefault: boolean;
  /** Set only when options of this characteristic are priced differently. */
  price?: string;
}

/** A configurable characteristic (e.g. data size) as a labelled choice. */
export interface CharacteristicView {
  name: string;
  label: string;
  options: OptionView[];
}

export interface OfferCardView {
  id: string;
  name: string;
  description?: string;
  category?: string;
  price?: PriceView;
}

export interface OfferLandingView extends OfferCardView {
  /** Whether this visitor or customer can take it as she is (otherwise `caveats` say why not). */
  offered: boolean;
  reasons: string[];
  caveats: string[];
  /** The self-care price when it is lower than the web price shown. */
  selfCarePrice?: PriceView;
  characteristics: CharacteristicView[];
  /** Passed through to the chat widget (`data-campaign-token`), never interpreted by the page. */
  campaignToken?: string;
}

export interface SignedInCustomerView {
  displayName: string;
}

export interface SubscriptionView {
  name: string;
  status: string;
  details: string[];
  since: string;
}

export interface SelfCareView {
  customer: SignedInCustomerView;
  subscriptions: SubscriptionView[];
  /** The offering the page was asked to add (`?add=ID`); the script reads it from a data attribute. */
  addOfferingId?: string;
}
