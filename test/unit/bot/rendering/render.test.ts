import { renderForChannel } from '../../../../src/bot/rendering/render';
import { renderWeb } from '../../../../src/bot/rendering/render-web';
import type { Reply } from '../../../../src/bot/rendering/reply';
import {
  browseOffersReply,
  checkoutReply,
  dataBoostCard,
  roamingPassCard,
  summerDataDoubleCard,
} from './fixtures';

describe('renderWeb', () => {
  it('turns offers to choose from into suggested-action buttons with a text fallback', () => {
    const [greeting, choices] = renderWeb(browseOffersReply).messages;

    expect(greeting).toEqual({ text: 'Hi Stacy, here are the add-ons for your plan.' });
    expect(choices?.buttons).toEqual([
      { label: 'Data Boost 20 GB – £10.00 a month', value: 'off-data-boost-20' },
      { label: 'Summer Data Double – £3.00 a month', value: 'off-summer-data-double' },
      { label: 'Roam Like Home Week Pass – £5.00 one-off', value: 'off-roam-week' },
    ]);
    // The options are the buttons, said once: the text is the question alone.
    expect(choices?.text).toBe('Which one would you like?');
  });

  it('shows consecutive offers as one carousel of cards', () => {
    const { messages } = renderWeb({
      blocks: [dataBoostCard, summerDataDoubleCard, roamingPassCard],
    });

    expect(messages).toHaveLength(1);
    const cards = messages[0]?.cards ?? [];
    expect(cards.map((card) => card.title)).toEqual([
      'Data Boost 20 GB',
      'Summer Data Double',
      'Roam Like Home Week Pass',
    ]);
    expect(cards[0]?.buttons).toEqual([{ label: 'Add to cart', value: 'add:off-data-boost-20' }]);
    expect(cards[1]).toMatchObject({
      priceLines: ['£3.00 a month'],
      wasPriceLines: ['£3.75 a month'],
      badge: 'Self-care only -20%',
      details: ['You followed our summer campaign link', 'Your plan qualifies for the promotion'],
    });
    expect(cards[2]).toEqual({
      id: 'off-roam-week',
      title: 'Roam Like Home Week Pass',
      priceLines: ['£5.00 one-off'],
      buttons: [],
    });
    expect(messages[0]?.text.split('\n')).toHaveLength(3);
  });

  it("shows Stacy's cart as a card and the confirmation as Yes and No buttons", () => {
    const [cart, confirm] = renderWeb(checkoutReply).messages;

    expect(cart?.cards?.[0]?.priceLines).toEqual([
      '1 × Summer Data Double: £3.00 a month',
      '2 × Roam Like Home Week Pass: £10.00 one-off',
      'Due today: £10.00',
      'Monthly: £3.00',
    ]);
    expect(confirm).toEqual({
      text: 'Shall I place the order?',
      buttons: [
        { label: 'Place order', value: 'yes' },
        { label: 'Not yet', value: 'no' },
      ],
    });
  });

  it('gives every message a plain-text fallback and no HTML', () => {
    const reply: Reply = {
      blocks: [
        ...browseOffersReply.blocks,
        ...checkoutReply.blocks,
        dataBoostCard,
        { kind: 'handoverNotice', etaMinutes: 2 },
        { kind: 'link', label: 'Your summer offer', url: 'https://shop.example.com/s/abc' },
      ],
    };
    const { messages } = renderWeb(reply);

    for (const message of messages) expect(message.text.trim()).not.toBe('');
    expect(JSON.stringify(messages)).not.toMatch(/<\/?[a-z]+[^>]*>/i);
    expect(messages[messages.length - 1]).toEqual({
      text: 'Your summer offer: https://shop.example.com/s/abc',
      link: { label: 'Your summer offer', url: 'https://shop.example.com/s/abc' },
    });
  });
});

describe('renderForChannel: one reply, every channel', () => {
  it('numbers offers on SMS, buttons them on web and reads them out on voice', () => {
    const sms = renderForChannel(browseOffersReply, 'sms');
    const web = renderForChannel(browseOffersReply, 'webchat');
    const voice = renderForChannel(browseOffersReply, 'voice');

    if (sms.form !== 'sms' || web.form !== 'web' || voice.form !== 'voice') {
      throw new Error('wrong form for the channel');
    }
    expect(sms.sms.body).toContain('2) Summer Data Double - £3.00 a month');
    expect(web.web.messages[1]?.buttons?.[1]?.value).toBe('off-summer-data-double');
    expect(voice.voice.say.join(' ')).toContain('two for Summer Data Double at 3 pounds a month');
    // The same pick means the same offer whichever channel it came through.
    expect(sms.sms.choiceMap['2']).toBe(voice.voice.choiceMap['2']);
  });

  it.each(['selfcare', 'agent'] as const)('renders %s like web chat', (channel) => {
    expect(renderForChannel(checkoutReply, channel)).toEqual({
      form: 'web',
      web: renderWeb(checkoutReply),
    });
  });

  it('passes the SMS budget through', () => {
    const rendering = renderForChannel(browseOffersReply, 'sms', { sms: { maxSegments: 1 } });

    expect(rendering.form === 'sms' && rendering.sms.segments).toBe(1);
  });
});
