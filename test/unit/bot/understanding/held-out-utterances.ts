import type { CorpusIntent } from '../../../../src/bot/understanding';

/** Paraphrases written apart from the corpus and never added to it: they measure generalisation. */
export const HELD_OUT: Readonly<Record<CorpusIntent, readonly string[]>> = {
  greet: ['hello hello', 'hey, good morning', 'hi hi', 'heya'],
  help: ['can u help', 'what are you able to do', 'i need some help here', 'how do i use this bot'],
  browse_offers: [
    'what offers have you got',
    'show me the deals',
    'which plans can i get',
    'do you have any bundles',
    'what add-ons are there',
  ],
  offer_details: [
    'tell me more about the pass',
    'what comes with that bundle',
    'more info please',
    'what exactly is included',
  ],
  price: ['how much does it cost', 'whats the cost', 'how much is that plan', 'price of it?'],
  promo_from_campaign: [
    'i got a text with a deal',
    'the promo you sent by sms',
    'about the offer you texted me',
    'i want the deal from your message',
  ],
  add_to_cart: [
    'add this to my cart',
    "i'll get that one",
    'put that in the basket',
    'add the pass',
  ],
  view_cart: ['what is in my cart', 'show the basket', "what's in my basket", 'show cart'],
  remove_item: [
    'remove that from my cart',
    'take the bundle out',
    'delete it',
    'remove the add-on',
  ],
  change_item: [
    'change it to 5 GB',
    'can i make it bigger',
    'switch to 20 gb instead',
    'change my item',
  ],
  quote: ['what is the total', 'can you quote me', 'how much in total', 'quote for my cart'],
  checkout: [
    'i want to buy it',
    'place my order',
    'proceed to checkout',
    "let's complete the purchase",
  ],
  order_status: [
    'where is my order',
    'is my order active',
    'has my order been activated',
    'order update?',
  ],
  handover: [
    'i want to speak to a human',
    'get me an agent',
    'can i talk to a real person',
    'human',
  ],
  cancel: ['cancel it', 'never mind that', 'forget that', 'stop this'],
  affirm: ['yes go ahead', 'yeah sure', 'ok do it', 'yes that is right'],
  deny: ['no not that', 'nope not interested', 'no thx', 'nah thanks'],
  identify: ['log in please', 'sign in', "i'm already a customer", 'verify my number'],
};
