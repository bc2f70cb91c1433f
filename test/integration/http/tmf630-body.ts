/** What every error answer must be: the TMF630 body, its status matching the HTTP one. */
export interface Tmf630Body {
  '@type': 'Error';
  code: string;
  reason: string;
  message: string;
  status: string;
  details?: unknown;
}

export function tmf630Problems(status: number, contentType: string | null, text: string): string[] {
  const problems: string[] = [];
  if (!contentType?.startsWith('application/json')) problems.push(`content-type ${contentType}`);
  let body: Partial<Tmf630Body>;
  try {
    body = JSON.parse(text) as Partial<Tmf630Body>;
  } catch {
    return [...problems, `not JSON: ${text.slice(0, 200)}`];
  }
  if (body['@type'] !== 'Error') problems.push('@type is not Error');
  for (const field of ['code', 'reason', 'message'] as const) {
    if (typeof body[field] !== 'string' || body[field] === '') problems.push(`no ${field}`);
  }
  if (body.status !== String(status)) problems.push(`status ${body.status} for HTTP ${status}`);
  return problems;
}
