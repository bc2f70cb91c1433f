/**
 * Where to go after signing in: only a path on this site (`/self-care?add=po-data-boost`), never
 * another origin (`//evil.example`, `https://…`, `/\evil`), so the sign-in page cannot be used as
 * an open redirect.
 */
export function safeLocalPath(candidate: unknown, fallback = '/self-care'): string {
  if (typeof candidate !== 'string' || candidate.length > 512) return fallback;
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) {
    return fallback;
  }
  // Control characters and backslashes are how browsers get tricked into other hosts.
  for (const character of candidate) {
    const code = character.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || character === '\\') return fallback;
  }
  return candidate;
}
