/**
 * When a view needs the full-resolution rendition: the preview (a rendition `renditionWidth`
 * pixels wide of a photo `contentWidth` pixels wide) is drawn at `scale` CSS pixels per photo
 * pixel, i.e. at `scale * devicePixelRatio` device pixels. From the preview's own scale up, its
 * pixels would be shown enlarged: a photographer judging sharpness at 100% must see the real
 * ones. A preview that already is full resolution never needs more.
 */
export function needsRealPixels(
  renditionWidth: number,
  contentWidth: number,
  scale: number,
  devicePixelRatio: number,
): boolean {
  return renditionWidth < contentWidth && scale * devicePixelRatio >= renditionWidth / contentWidth;
}

/**
 * Long edge of the compare's renditions when none is asked for (photoRestorePreview's default
 * `maxEdge`, also the size of the album's 'preview' rendition). The renderer may import only
 * types from the contract, hence this copy; electron/bridge/previewEdges.test.ts pins it.
 */
export const PREVIEW_EDGE = 2048;

/** The most photoRestorePreview's `maxEdge` accepts: real pixels up to 8192 px long edges. */
export const MAX_PREVIEW_EDGE = 8192;
