import { renderSms } from '../../../../src/bot/rendering/render-sms';
import type { ChoiceOption, Reply } from '../../../../src/bot/rendering/reply';
import { contentDefinition } from '../../../../src/connectors/whatsapp/content-catalog';
import { renderWhatsapp } from '../../../../src/connectors/whatsapp/render-whatsapp';
import {
  browseOffersReply,
  dataBoostCard,
  gbp,
  roamingPassCard,
  summerDataDoubleCard,
} from '../../bot/rendering/fixtures';

const options = (count: number, label = (index: number) => `Option ${index + 1}`): ChoiceOption[] =>
  Array.from({ length: count }, (_, index) => ({ id: `opt-${index + 1}`, label: label(index) }));

describe('a bot reply on WhatsApp', () => {
  it('turns a short closing question into up to three buttons, tapping sends the option id', () => {
    const reply: Reply = {
      blocks: [{ kind: 'choices', prompt: 'When should it start?', options: options(2) }],
    };
    const rendered = renderWhatsapp(reply);
    expect(rendered.body).toBe('When should it start?');
    expect(rendered.interactive).toMatchObject({
      kind: 'quick-reply',
      buttons: [
        { id: 'opt-1', title: 'Option 1' },
        { id: 'opt-2', title: 'Option 2' },
      ],
    });
    // A phone that cannot draw buttons gets the numbered text, which a typed "2" answers.
    expect(rendered.interactive!.fallback).toBe(renderSms(reply).body);
    expect(rendered.interactive!.fallback).toMatch(/2\) Option 2/);
  });

  it('uses a list for four to ten options, or for priced ones, with each price under its item', () => {
    const rendered = renderWhatsapp(browseOffersReply);
    expect(rendered.interactive?.kind).toBe('list');
    if (rendered.interactive?.kind !== 'list') throw new Error('a list');
    expect(rendered.interactive.items).toEqual([
      { id: 'off-data-boost-20', item: 'Data Boost 20 GB', description: '£10.00 a month' },
      {
        id: 'off-summer-data-double',
        item: 'Summer Data Double',
        description: '£3.00 a month · double data all summer',
      },
      // 24 characters at most: this one fits exactly.
      { id: 'off-roam-week', item: 'Roam Like Home Week Pass', description: '£5.00 one-off' },
    ]);
    expect(rendered.body).toBe(
      'Hi Stacy, here are the add-ons for your plan.\n\nWhich one would you like?',
    );
    const seven = renderWhatsapp({
      blocks: [{ kind: 'choices', prompt: 'Pick a colour', options: options(7) }],
    });
    expect(seven.interactive?.kind).toBe('list');
  });

  it('keeps numbered text where buttons would not fit WhatsApp’s limits', () => {
    const eleven: Reply = {
      blocks: [{ kind: 'choices', prompt: 'Pick one', options: options(11) }],
    };
    expect(renderWhatsapp(eleven).interactive).toBeUndefined();
    const longLabel: Reply = {
      blocks: [
        {
          kind: 'choices',
          prompt: 'Pick one',
          options: options(2, (index) => `A name far too long for a list item ${index}`),
        },
      ],
    };
    const rendered = renderWhatsapp(longLabel);
    expect(rendered.interactive).toBeUndefined();
    expect(rendered.body).toMatch(/1\) A name far too long/);
    // A priced option whose price would not fit under it keeps the text list.
    const wordy: ChoiceOption = {
      id: 'x',
      label: 'Plan',
      price: { recurring: gbp(123456), oneTime: gbp(98765) },
      description: 'x'.repeat(80),
    };
    const priced = renderWhatsapp({
      blocks: [{ kind: 'choices', prompt: 'Pick', options: [wordy] }],
    });
    // A description that would push the price out of the line under its item is dropped.
    expect(priced.interactive).toMatchObject({
      kind: 'list',
      items: [{ id: 'x', item: 'Plan', description: '£1,234.56 a month plus £987.65 one-off' }],
    });
  });

  it('asks to confirm with two buttons carrying yes and no', () => {
    const rendered = renderWhatsapp({
      blocks: [
        {
          kind: 'confirm',
          question: 'Place this order?',
          yesLabel: 'Place order',
          noLabel: 'Not now',
        },
      ],
    });
    expect(rendered.interactive).toMatchObject({
      kind: 'quick-reply',
      buttons: [
        { id: 'yes', title: 'Place order' },
        { id: 'no', title: 'Not now' },
      ],
    });
  });

  it('puts an offer’s name in bold and its action on a button', () => {
    const rendered = renderWhatsapp({ blocks: [dataBoostCard] });
    expect(rendered.body).toMatch(/^\*Data Boost 20 GB\*: £10\.00 a month/);
    expect(rendered.body).not.toMatch(/Reply 1/);
    expect(rendered.interactive).toMatchObject({
      kind: 'quick-reply',
      buttons: [{ id: 'add:off-data-boost-20', title: 'Add to cart' }],
    });
  });

  it('leaves several questions in one reply as numbered text, so numbers mean one thing', () => {
    const rendered = renderWhatsapp({
      blocks: [dataBoostCard, { kind: 'choices', prompt: 'Or one of these?', options: options(2) }],
    });
    expect(rendered.interactive).toBeUndefined();
    expect(rendered.body).toMatch(/\*Data Boost 20 GB\*/);
    expect(rendered.body).toMatch(/Reply 1-3/);
  });

  it('shows cards without actions as text with bold names and their prices', () => {
    const rendered = renderWhatsapp({ blocks: [summerDataDoubleCard, roamingPassCard] });
    expect(rendered.interactive).toBeUndefined();
    expect(rendered.body).toContain('*Summer Data Double*');
    expect(rendered.body).toContain('*Roam Like Home Week Pass*');
    expect(rendered.body).toMatch(/£3\.00 a month/);
  });

  it('defines its content for the Content API with the numbered text as the plain fallback', () => {
    const rendered = renderWhatsapp(browseOffersReply);
    const definition = contentDefinition(rendered.interactive!) as {
      types: Record<string, { body: string }>;
    };
    expect(Object.keys(definition.types)).toEqual(['twilio/list-picker', 'twilio/text']);
    expect(definition.types['twilio/text']!.body).toMatch(/1\) Data Boost 20 GB/);
  });
});
