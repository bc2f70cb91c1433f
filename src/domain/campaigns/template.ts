import { AppError } from '../shared/errors';
import { countSmsSegments } from './sms-segments';
import type { SegmentCount } from './sms-segments';

/** The personal fields a message template may use. `{link}` is required: every message is tracked. */
export const templateFields = ['firstName', 'offerName', 'link'] as const;
export type TemplateField = (typeof templateFields)[number];
export type TemplateValues = Record<TemplateField, string>;

const placeholderPattern = /\{([A-Za-z]+)\}/g;

/** The fields a template uses; throws on unknown ones (a typo would otherwise reach customers). */
export function templatePlaceholders(template: string): TemplateField[] {
  const found = new Set<TemplateField>();
  for (const match of template.matchAll(placeholderPattern)) {
    const name = match[1]!;
    if (!(templateFields as readonly string[]).includes(name)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Unknown field {${name}}; use ${templateFields.map((field) => `{${field}}`).join(', ')}`,
        { field: name },
      );
    }
    found.add(name as TemplateField);
  }
  return [...found];
}

export function assertValidTemplate(template: string): void {
  const fields = templatePlaceholders(template);
  if (!fields.includes('link')) {
    throw new AppError('VALIDATION_FAILED', 'The message must carry the personal {link}');
  }
}

export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(placeholderPattern, (whole, name: string) =>
    (templateFields as readonly string[]).includes(name) ? values[name as TemplateField] : whole,
  );
}

/** How long a first name is assumed to be when checking a template before anyone is rendered. */
export const ASSUMED_FIRST_NAME = 'Alexandrina';

export interface TemplateCheck {
  preview: string;
  segments: SegmentCount;
  maxSegments: number;
  fits: boolean;
}

/**
 * Renders the template for a long-ish name and a real-length link and counts its segments, so
 * the manager sees the cost (and UCS-2 surprises) while writing, and scheduling can refuse.
 */
export function checkTemplate(
  template: string,
  sample: { firstName?: string; offerName: string; linkExample: string },
  maxSegments: number,
): TemplateCheck {
  assertValidTemplate(template);
  const preview = renderTemplate(template, {
    firstName: sample.firstName ?? ASSUMED_FIRST_NAME,
    offerName: sample.offerName,
    link: sample.linkExample,
  });
  const segments = countSmsSegments(preview);
  return { preview, segments, maxSegments, fits: segments.segments <= maxSegments };
}
