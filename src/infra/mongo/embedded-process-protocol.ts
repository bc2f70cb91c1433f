/** What the embedded MongoDB process and its parent say to each other over IPC. */
export type EmbeddedProcessMessage =
  | { type: 'listening'; uri: string; port: number }
  | { type: 'failed'; message: string }
  | { type: 'shutdown' };
