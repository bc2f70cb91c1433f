/** What the helper needs of a socket.io client: its connect and refusal events. */
interface ConnectingSocket {
  once(event: 'connect', listener: () => void): unknown;
  once(event: 'connect_error', listener: (error: Error) => void): unknown;
  close(): unknown;
}

/** Resolves once the client is connected; rejects (and closes it) with the server's refusal. */
export function whenConnected(client: ConnectingSocket): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('connect_error', (error) => {
      client.close();
      reject(error);
    });
  });
}
