/** A Content API resource: `HX` and 32 hex characters. */
export const CONTENT_SID_PATTERN = /^HX[0-9a-fA-F]{32}$/;
