import type { OpenApiDocument } from './openapi-document';

type Json = Record<string, unknown>;

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
main{max-width:960px;margin:0 auto;padding:1.5rem}h2{border-bottom:2px solid #ddd;padding-bottom:.25rem;margin-top:2.5rem}
details{background:#fff;border:1px solid #ddd;border-radius:6px;margin:.5rem 0}summary{cursor:pointer;padding:.5rem .75rem}
.m{display:inline-block;min-width:4.5rem;font-weight:700;font-family:monospace}.p{font-family:monospace}
.get{color:#0a6b2d}.post{color:#0b4f9c}.patch{color:#8a5300}.delete{color:#a4161a}.put{color:#6b2d9c}
section.b{padding:0 .75rem .75rem}pre{background:#f3f3f3;padding:.5rem;overflow:auto;font-size:13px;max-height:24rem}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
nav a{margin-right:.75rem}`;

/**
 * A reference page rendered on the server from the OpenAPI document: no script, nothing fetched,
 * so it works offline and under the strictest content security policy.
 */
export function renderDocsPage(document: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const tag = ((operation.tags as string[] | undefined) ?? ['Other'])[0] ?? 'Other';
      const list = byTag.get(tag) ?? [];
      list.push(renderOperation(method, path, operation));
      byTag.set(tag, list);
    }
  }
  const tags = [...byTag.keys()].sort();
  const anchor = (tag: string) => `tag-${tag.replace(/[^A-Za-z0-9]+/g, '-')}`;
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(document.info.title)} API reference</title><style>${STYLE}</style></head><body><main>
<h1>${escape(document.info.title)} API reference</h1>
<p>${escape(document.info.description)}</p>
<p>Version ${escape(document.info.version)}. The machine-readable document is at <a href="/openapi.json">/openapi.json</a>.</p>
<h2>Authentication</h2><table><tr><th>Scheme</th><th>How</th></tr>${Object.entries(
    document.components.securitySchemes,
  )
    .map(
      ([name, scheme]) =>
        `<tr><td>${escape(name)}</td><td>${escape(String(scheme.description ?? ''))}</td></tr>`,
    )
    .join('')}</table>
<nav>${tags.map((tag) => `<a href="#${anchor(tag)}">${escape(tag)}</a>`).join('')}</nav>
${tags
  .map((tag) => `<h2 id="${anchor(tag)}">${escape(tag)}</h2>${(byTag.get(tag) ?? []).join('')}`)
  .join('\n')}
<h2>Errors</h2><p>Every error answers with this body:</p><pre>${escape(
    JSON.stringify(document.components.schemas.Error, null, 2),
  )}</pre>
</main></body></html>`;
}

function renderOperation(method: string, path: string, operation: Json): string {
  const parameters = (operation.parameters ?? []) as Json[];
  const body = (operation.requestBody as Json | undefined)?.content as Json | undefined;
  const responses = (operation.responses ?? {}) as Record<string, Json>;
  const security = ((operation.security ?? []) as Json[]).flatMap((entry) => Object.keys(entry));
  return `<details><summary><span class="m ${method}">${method.toUpperCase()}</span> <span class="p">${escape(
    path,
  )}</span> — ${escape(String(operation.summary ?? ''))}</summary><section class="b">
${operation.description ? `<p>${escape(String(operation.description))}</p>` : ''}
<p>Authentication: ${security.length ? escape(security.join(' or ')) : 'none (public)'}</p>
${
  parameters.length
    ? `<table><tr><th>Parameter</th><th>In</th><th>Required</th><th>Schema</th></tr>${parameters
        .map(
          (parameter) =>
            `<tr><td>${escape(String(parameter.name))}</td><td>${escape(String(parameter.in))}</td><td>${
              parameter.required ? 'yes' : 'no'
            }</td><td><code>${escape(JSON.stringify(parameter.schema))}</code></td></tr>`,
        )
        .join('')}</table>`
    : ''
}
${
  body
    ? Object.entries(body)
        .map(
          ([type, media]) =>
            `<p>Request body (${escape(type)}):</p><pre>${escape(
              JSON.stringify((media as Json).schema, null, 2),
            )}</pre>`,
        )
        .join('')
    : ''
}
<table><tr><th>Status</th><th>Answer</th></tr>${Object.entries(responses)
    .map(
      ([status, response]) =>
        `<tr><td>${escape(status)}</td><td>${escape(String(response.description ?? ''))}</td></tr>`,
    )
    .join('')}</table></section></details>`;
}
