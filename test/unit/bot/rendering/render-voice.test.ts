import { renderVoice } from '../../../../src/bot/rendering/render-voice';
import type { Reply } from '../../../../src/bot/rendering/reply';
import {
  browseOffersReply,
  checkoutReply,
  dataBoostCard,
  manyOffers,
  summerDataDoubleCard,
} from './fixtures';

describe('renderVoice', () => {
  it('reads three offers with spoken prices and maps "two" to the second', () => {
    const voice = renderVoice(browseOffersReply);

    expect(voice.say).toEqual([
      'Hi Stacy, here are the add-ons for your plan.',
      'Which one would you like?',
      'Say one for Data Boost 20 GB at 10 pounds a month, two for Summer Data Double at 3 pounds a month, or three for Roam Like Home Week Pass at 5 pounds once.',
    ]);
    expect(voice.choiceMap['2']).toBe('off-summer-data-double');
    expect(voice.smsFollowUp).toBeUndefined();
  });

  it('summarises a long list and reads only the top three', () => {
    const voice = renderVoice({
      blocks: [{ kind: 'choices', prompt: 'Pick a weekend bundle:', options: manyOffers(7) }],
    });

    expect(voice.say).toEqual([
      'Pick a weekend bundle.',
      'I have 7 options. Here are the top three.',
      'Say one for Weekend Bundle 1 at 4 pounds 99 a month, two for Weekend Bundle 2 at 5 pounds 99 a month, or three for Weekend Bundle 3 at 6 pounds 99 a month.',
      'Or say more to hear the others.',
    ]);
    expect(Object.keys(voice.choiceMap)).toEqual(['1', '2', '3']);
    expect(voice.hiddenChoiceIds).toHaveLength(4);
  });

  it('says a discounted self-care price in pounds and pence, with the badge in words', () => {
    const voice = renderVoice({ blocks: [summerDataDoubleCard] });

    expect(voice.say.slice(0, 2)).toEqual([
      'Summer Data Double costs 3 pounds a month, down from 3 pounds 75 a month.',
      'Self-care only 20 percent off.',
    ]);
  });

  it('reads one reason only and numbers the card action', () => {
    const voice = renderVoice({ blocks: [dataBoostCard] });

    expect(voice.say).toContain('You ran out of data in two of the last three months.');
    expect(voice.say[voice.say.length - 1]).toBe('Say one to add to cart.');
    expect(voice.choiceMap).toEqual({ '1': 'add:off-data-boost-20' });
  });

  it("sums up Stacy's cart and asks for a spoken yes or no", () => {
    const voice = renderVoice(checkoutReply);

    expect(voice.say).toEqual([
      'Your cart has 2 items: Summer Data Double and 2 Roam Like Home Week Pass.',
      "That's 10 pounds today and 3 pounds a month.",
      'Shall I place the order?',
      'Say yes to confirm, or no to leave it.',
    ]);
    expect(voice.choiceMap).toEqual({ yes: 'yes', no: 'no' });
  });

  it('never reads a URL out: a link becomes a promise and a follow-up SMS', () => {
    const reply: Reply = {
      blocks: [
        { kind: 'text', text: 'Details are at https://shop.example.com/summer?c=stacy for £3/mo.' },
        { kind: 'link', label: 'the summer offer', url: 'https://shop.example.com/s/abc123' },
      ],
    };
    const voice = renderVoice(reply);
    const spoken = voice.say.join(' ');

    expect(spoken).not.toMatch(/https?:|www\.|\.com|[£$€/%*#]/);
    expect(spoken).toContain('3 pounds a month');
    expect(voice.say).toContain("I'll text you a link to the summer offer.");
    expect(voice.smsFollowUp).toBe('the summer offer: https://shop.example.com/s/abc123');
  });

  it('tells the caller they are being put through, with the wait', () => {
    expect(renderVoice({ blocks: [{ kind: 'handoverNotice', etaMinutes: 4 }] }).say).toEqual([
      "I'm putting you through to a colleague now.",
      'The wait is about 4 minutes.',
    ]);
  });

  it('strips markdown and emoji that a voice would spell out', () => {
    const voice = renderVoice({
      blocks: [{ kind: 'text', text: '**Great news** 🎉 Talk & Text is _included_!' }],
    });

    expect(voice.say).toEqual(['Great news Talk and Text is included!']);
  });
});
