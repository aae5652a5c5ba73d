/**
 * The renderer's single client of the IPC contract. In Electron the preload exposes the
 * contract as `window.faceDeblur` (answers are envelopes); in a plain browser (bridge mode: e2e
 * tests, `npm start` without Electron) the same calls go over HTTP to the loopback bridge.
 * Both are unwrapped here into the typed `Api`, so components never know which one answers.
 */
import type {
  Api,
  ArgsOf,
  ChannelName,
  DroppedFiles,
  EventName,
  PayloadOf,
  PreloadApi,
  Subscribe,
} from '../../electron/ipc/contract.js';
import { unwrap, wire, type Envelope } from '../../electron/ipc/wire.js';

declare global {
  interface Window {
    /** Set by electron/preload in the Electron app; absent in a browser. */
    readonly faceDeblur?: PreloadApi;
    /** Set by electron/preload (droppedFiles.ts) in the Electron app only. */
    readonly faceDeblurFiles?: DroppedFiles<File>;
  }
}

/** The path of a dropped File ('' when the host cannot tell). */
export type PathForFile = DroppedFiles<File>['pathForFile'];

type Transport = (name: ChannelName, args: unknown) => Promise<Envelope<unknown>>;

async function overHttp(name: ChannelName, args: unknown): Promise<Envelope<unknown>> {
  const res = await fetch(wire.route(name), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(args),
    credentials: 'same-origin',
  });
  if (!res.ok) {
    // The bridge refused the request itself (no session, wrong origin): say so plainly.
    return { ok: false, error: { code: `http-${res.status}`, message: await res.text() } };
  }
  return (await res.json()) as Envelope<unknown>;
}

/** Bridge events: one EventSource for all of them, opened on the first subscription. */
function eventStream(): Subscribe {
  let source: EventSource | null = null;
  return <E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void) => {
    source ??= new EventSource(wire.eventsRoute, { withCredentials: true });
    const onMessage = (e: MessageEvent<string>) => listener(JSON.parse(e.data) as PayloadOf<E>);
    source.addEventListener(event, onMessage);
    return () => source?.removeEventListener(event, onMessage);
  };
}

/**
 * A proxy turns `api.albumOpen(args)` into a call of that channel: the renderer may not import
 * the contract's runtime list of channels (types only), and both hosts reject unknown names.
 */
function createApi(transport: Transport, on: Subscribe): Api {
  return new Proxy({} as Api, {
    get: (_target, key) => {
      if (key === 'on') return on;
      if (typeof key !== 'string') return undefined;
      return async (args: ArgsOf<ChannelName>) => unwrap(await transport(key as ChannelName, args));
    },
  });
}

const preload = window.faceDeblur;
export const api: Api = preload
  ? createApi(
      (name, args) => (preload[name] as (a: unknown) => Promise<Envelope<unknown>>)(args),
      preload.on,
    )
  : createApi(overHttp, eventStream());

/**
 * Where a dropped File lives on disk: only Electron can tell (webUtils, through the preload).
 * Null in a browser, where the user types the path instead.
 */
export const pathForFile: PathForFile | null = window.faceDeblurFiles?.pathForFile ?? null;

/** URL of a rendition served by the media route (`appInfo.mediaBase`, core/album/media.ts). */
export function mediaUrl(
  base: string,
  rendition: 'thumb' | 'preview' | 'full',
  file: string,
): string {
  return `${base}/${rendition}?path=${encodeURIComponent(file)}`;
}
