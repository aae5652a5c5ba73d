/**
 * The renderer keeps copies of the compare's rendition sizes (it may import only types from the
 * IPC contract): they must stay equal to the contract's default and maximum and to the album's
 * 'preview' rendition, or the compare would ask for sizes the main process refuses or re-renders.
 */
import { describe, expect, it } from 'vitest';
import { MAX_PREVIEW_EDGE, PREVIEW_EDGE } from '../../renderer/src/photo/realPixels.js';
import { RENDITIONS } from '../core/album/thumbnails.js';
import {
  PREVIEW_EDGE_DEFAULT,
  PREVIEW_EDGE_MAX,
  photoRestorePreview,
} from '../ipc/channels/photoRestorePreview.js';

describe('preview edge sizes', () => {
  it('are the same in the renderer, the contract and the album renditions', () => {
    expect(PREVIEW_EDGE).toBe(PREVIEW_EDGE_DEFAULT);
    expect(MAX_PREVIEW_EDGE).toBe(PREVIEW_EDGE_MAX);
    expect(RENDITIONS.preview.size).toBe(PREVIEW_EDGE_DEFAULT);
  });

  it('are what the contract applies and accepts', () => {
    const args = { path: '/a.jpg', requestId: 'r', settings: {} };
    expect(photoRestorePreview.args.parse(args).maxEdge).toBe(PREVIEW_EDGE_DEFAULT);
    expect(photoRestorePreview.args.safeParse({ ...args, maxEdge: PREVIEW_EDGE_MAX }).success).toBe(
      true,
    );
    expect(
      photoRestorePreview.args.safeParse({ ...args, maxEdge: PREVIEW_EDGE_MAX + 1 }).success,
    ).toBe(false);
  });
});
