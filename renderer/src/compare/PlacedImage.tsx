import type { SyntheticEvent } from 'react';
import { SourceImage, type ImageSource } from '../lib/SourceImage.js';
import type { Size, View } from './useZoomPan.js';

interface Props {
  source: ImageSource;
  /** The content's logical size: every image of one view is drawn at this size. */
  size: Size;
  view: View;
  alt: string;
  className?: string;
  onLoad?: (e: SyntheticEvent<HTMLImageElement>) => void;
  onError?: () => void;
}

/**
 * An image drawn where the zoom/pan view puts the content. Renditions smaller than the logical
 * size (2048-px previews of large photos, 240x200 face crops) are stretched to it, so overlays
 * in full-resolution coordinates line up.
 */
export function PlacedImage({ source, size, view, alt, className, onLoad, onError }: Props) {
  return (
    <SourceImage
      source={source}
      alt={alt}
      className={`placed${className ? ` ${className}` : ''}`}
      draggable={false}
      onLoad={onLoad}
      onError={onError}
      style={{
        width: size.width * view.scale,
        height: size.height * view.scale,
        transform: `translate(${view.x}px, ${view.y}px)`,
      }}
    />
  );
}
