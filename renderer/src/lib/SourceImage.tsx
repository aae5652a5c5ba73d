import { useEffect, useRef, type ImgHTMLAttributes } from 'react';
import type { EncodedImage } from '../../../electron/ipc/contract.js';

/** Decodes an EncodedImage (base64 from main) into a Blob the page can show. */
function imageBlob(image: EncodedImage): Blob {
  const binary = atob(image.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: image.mime });
}

/** A media-route URL, or an image main sent over IPC. */
export type ImageSource = string | EncodedImage;

interface Props extends Omit<ImgHTMLAttributes<HTMLImageElement>, 'src'> {
  source: ImageSource | null | undefined;
  alt: string;
}

/**
 * An <img> for either kind of source. Images from main become blob: URLs (base64 data: URLs of
 * 2048-px renditions would sit in the DOM as megabytes of text), revoked when the image is
 * replaced or the element goes away.
 */
export function SourceImage({ source, alt, ...rest }: Props) {
  const ref = useRef<HTMLImageElement>(null);
  const encoded = typeof source === 'object' ? source : null;
  useEffect(() => {
    const el = ref.current;
    if (!el || !encoded) return;
    const url = URL.createObjectURL(imageBlob(encoded));
    el.src = url;
    return () => {
      el.removeAttribute('src');
      URL.revokeObjectURL(url);
    };
  }, [encoded]);
  return (
    <img ref={ref} alt={alt} src={typeof source === 'string' ? source : undefined} {...rest} />
  );
}
