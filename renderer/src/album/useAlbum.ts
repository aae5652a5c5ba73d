import { useCallback, useEffect, useRef, useState } from 'react';
import type { Album } from '../../../electron/ipc/contract.js';
import { api } from '../api.js';

export type AlbumState =
  | { kind: 'empty' }
  | { kind: 'scanning'; folder: string; found: number }
  | { kind: 'open'; album: Album }
  | { kind: 'failed'; folder: string; message: string };

/** The open album and how to open another; scan progress comes from main's events. */
export function useAlbum(): {
  state: AlbumState;
  open: (folder: string, recursive: boolean) => void;
} {
  const [state, setState] = useState<AlbumState>({ kind: 'empty' });
  // Only the latest request may update the state (a slow scan must not replace a newer one).
  const latest = useRef(0);

  useEffect(
    () =>
      api.on('albumScanProgress', ({ folder, found }) =>
        setState((s) => (s.kind === 'scanning' && s.folder === folder ? { ...s, found } : s)),
      ),
    [],
  );

  const open = useCallback((folder: string, recursive: boolean) => {
    const request = ++latest.current;
    setState({ kind: 'scanning', folder, found: 0 });
    api.albumOpen({ folder, recursive }).then(
      (album) => request === latest.current && setState({ kind: 'open', album }),
      (err: unknown) =>
        request === latest.current &&
        setState({
          kind: 'failed',
          folder,
          message: err instanceof Error ? err.message : String(err),
        }),
    );
  }, []);

  return { state, open };
}
