import { BSON } from 'mongodb';
import {
  encodeOpMsg,
  encodeOpQuery,
  OP_MSG,
  parseMessage,
} from '../../../src/infra/mongo/embedded/wire';

describe('wire framing', () => {
  it('round-trips an OP_MSG body', () => {
    const message = encodeOpMsg(5, 0, { ping: 1, $db: 'admin' });
    const parsed = parseMessage(message);
    expect(parsed).toMatchObject({
      kind: 'msg',
      header: { requestId: 5, opCode: OP_MSG },
      command: { ping: 1, $db: 'admin' },
    });
  });

  it('merges kind-1 document sequences into the command and ignores the checksum', () => {
    const body = Buffer.from(BSON.serialize({ insert: 'c', $db: 'd' }));
    const docs = Buffer.concat([{ a: 1 }, { a: 2 }].map((d) => Buffer.from(BSON.serialize(d))));
    const id = Buffer.from('documents\0');
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + id.length + docs.length);
    const sections = Buffer.concat([Buffer.from([0]), body, Buffer.from([1]), size, id, docs]);
    const header = Buffer.alloc(20);
    header.writeInt32LE(20 + sections.length + 4, 0);
    header.writeInt32LE(OP_MSG, 12);
    header.writeUInt32LE(1, 16);
    const parsed = parseMessage(Buffer.concat([header, sections, Buffer.alloc(4)]));
    expect(parsed.command).toEqual({ insert: 'c', $db: 'd', documents: [{ a: 1 }, { a: 2 }] });
  });

  it('unwraps legacy OP_QUERY commands', () => {
    const parsed = parseMessage(
      encodeOpQuery(9, 'admin.$cmd', {
        $query: { isMaster: 1 },
        $readPreference: { mode: 'primary' },
      }),
    );
    expect(parsed).toMatchObject({
      kind: 'query',
      collection: 'admin.$cmd',
      command: { isMaster: 1 },
    });
  });
});
