import type { ZodError } from 'zod';

type Issue = ZodError['issues'][number];

/**
 * What a domain schema would not take, in her words: no field names, paths or codes (those are
 * for logs). The first issue speaks for all; she fixes one thing at a time anyway.
 */
export function invalidInputWords(error: ZodError): string {
  const [issue] = error.issues;
  return issue ? wordsFor(issue) : 'some of it was not something I can take';
}

function wordsFor(issue: Issue): string {
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint'
        ? `that is more than I can take (${String(issue.maximum)} at most)`
        : 'that is longer than I can take';
    case 'too_small':
      return issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint'
        ? `that is less than I can take (${String(issue.minimum)} at least)`
        : 'something I need was left out';
    case 'invalid_format':
      return 'part of it was not written in a way I can use';
    default:
      return 'one of the details was not one I can use';
  }
}
