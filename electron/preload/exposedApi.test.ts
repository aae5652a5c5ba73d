// The preload's API, built with a recording stand-in for ipcRenderer.
import { describe, expect, it } from 'vitest';
import { channels } from '../ipc/contract.js';
import { wire } from '../ipc/wire.js';
import { exposedApi, type IpcRendererPart } from './exposedApi.js';

describe('preload API', () => {
  function recorder() {
    const calls: unknown[][] = [];
    const ipc: IpcRendererPart = {
      invoke: async (...a: unknown[]) => {
        calls.push(['invoke', ...a]);
        return { ok: true, value: null };
      },
      on: (...a: unknown[]) => (calls.push(['on', ...a]), ipc),
      removeListener: (...a: unknown[]) => (calls.push(['off', ...a]), ipc),
    } as IpcRendererPart;
    return { ipc, calls };
  }

  it('exposes exactly the contract: one method per channel, plus on', async () => {
    const { ipc, calls } = recorder();
    const api = exposedApi(ipc);
    expect(Object.keys(api).sort()).toEqual([...Object.keys(channels), 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    await api.albumOpen({ folder: '/x' });
    expect(calls[0]).toEqual(['invoke', wire.channel('albumOpen'), { folder: '/x' }]);
  });

  it('subscribes only to contract events and unsubscribes', () => {
    const { ipc, calls } = recorder();
    const api = exposedApi(ipc);
    const off = api.on('albumScanProgress', () => undefined);
    off();
    expect(calls.map((c) => c.slice(0, 2))).toEqual([
      ['on', wire.event('albumScanProgress')],
      ['off', wire.event('albumScanProgress')],
    ]);
    expect(() => api.on('anything' as never, () => undefined)).toThrow(/Unknown event/);
  });
});
