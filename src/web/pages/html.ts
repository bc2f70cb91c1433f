/**
 * HTML built from tagged templates: every interpolated value is escaped unless it is already
 * `SafeHtml` (the output of another template). Pages never concatenate raw strings into markup,
 * so catalog names, customer names and query parameters cannot inject markup.
 */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

export type HtmlValue =
  SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const replacements: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => replacements[character] ?? character);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false || value === true) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * `markup\`<p>${name}</p>\`` escapes `name`; nested templates and arrays of them pass through. (Not
 * named `html`, so Prettier leaves the markup as written instead of reflowing the page output.)
 */
export function markup(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let output = strings[0] ?? '';
  for (let index = 0; index < values.length; index++) {
    output += render(values[index]) + (strings[index + 1] ?? '');
  }
  return new SafeHtml(output);
}

/** Markup the caller vouches for (e.g. a constant); never for anything that came from outside. */
export function trustedHtml(text: string): SafeHtml {
  return new SafeHtml(text);
}
