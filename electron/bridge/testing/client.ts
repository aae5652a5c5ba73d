/**
 * A test client of the bridge: real HTTP calls with the token, the envelope parsed, and the
 * server-sent events collected. Tests only.
 */
import http from 'node:http';
import type { ArgsOf, ChannelName, EventName, PayloadOf, ResultOf } from '../../ipc/contract.js';
import type { Envelope } from '../../ipc/wire.js';
import type { Bridge } from '../server.js';

export interface BridgeClient {
  /** The raw envelope of a call. */
  call<K extends ChannelName>(name: K, args: ArgsOf<K>): Promise<Envelope<ResultOf<K>>>;
  /** The value of a call; throws with the error's code and message otherwise. */
  ok<K extends ChannelName>(name: K, args: ArgsOf<K>): Promise<ResultOf<K>>;
  /** The events received so far on the /events stream, by name. */
  events<E extends EventName>(name: E): PayloadOf<E>[];
  close(): void;
}

export async function bridgeClient(bridge: Bridge): Promise<BridgeClient> {
  const port = Number(new URL(bridge.origin).port);
  const headers = { host: `127.0.0.1:${port}`, 'x-face-deblur-token': bridge.token };
  const received: { event: string; data: unknown }[] = [];
  const stream = await new Promise<http.IncomingMessage>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/events', headers }, (res) => {
        let buffer = '';
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data) received.push({ event, data: JSON.parse(data) });
          }
        });
        resolve(res);
      })
      .on('error', reject);
  });

  const call = <K extends ChannelName>(name: K, args: ArgsOf<K>) =>
    new Promise<Envelope<ResultOf<K>>>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: `/ipc/${name}`,
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString()) as Envelope<ResultOf<K>>);
            } catch (err) {
              reject(err as Error);
            }
          });
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(args));
    });

  return {
    call,
    async ok(name, args) {
      const envelope = await call(name, args);
      if (envelope.ok) return envelope.value;
      throw Object.assign(new Error(`${name}: ${envelope.error.code}: ${envelope.error.message}`), {
        code: envelope.error.code,
      });
    },
    events: <E extends EventName>(name: E) =>
      received.filter((r) => r.event === name).map((r) => r.data as PayloadOf<E>),
    close: () => stream.destroy(),
  };
}
