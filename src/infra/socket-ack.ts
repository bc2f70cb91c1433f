/** The answer function a socket.io client passed, whatever else it sent. */
export type AckReply = (result: unknown) => void;

export interface AckedEvent {
  /** The payload, or undefined when the client sent only a callback (or nothing). */
  payload: unknown;
  /** The client's callback, or a no-op when it passed none: nothing to answer then. */
  ack: AckReply;
}

/**
 * socket.io hands a handler the arguments as they were sent, so `emit('event', callback)` arrives
 * with the callback first and `emit('event', payload, 'x', callback)` with it third. The callback is
 * always the last argument when there is one, and a payload is never a function.
 */
export function ackedEvent(args: readonly unknown[]): AckedEvent {
  const last = args.length > 0 ? args[args.length - 1] : undefined;
  const callback = typeof last === 'function' ? (last as AckReply) : undefined;
  const first = args[0];
  let answered = false;
  return {
    payload: typeof first === 'function' ? undefined : first,
    ack: (result) => {
      // One answer per event: a second would be ignored by the client and hides a handler bug.
      if (!callback || answered) return;
      answered = true;
      callback(result);
    },
  };
}
