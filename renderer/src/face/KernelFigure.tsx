import { useState, type MouseEvent } from 'react';
import { percent } from '../lib/format.js';
import { SourceImage } from '../lib/SourceImage.js';
import type { FaceResult } from './useFaceRestore.js';

/**
 * The estimated kernel, enlarged, with its size and confidence; hovering reads the weight of
 * one tap (how much of a point's light the blur moved there), offset from the centre.
 */
export function KernelFigure({ result }: { result: FaceResult }) {
  const { kernelSize: size, kernelWeights: weights } = result;
  const [tap, setTap] = useState<{ dx: number; dy: number; weight: number } | null>(null);

  function onMove(e: MouseEvent<HTMLImageElement>) {
    const r = e.currentTarget.getBoundingClientRect();
    const x = Math.min(size - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * size)));
    const y = Math.min(size - 1, Math.max(0, Math.floor(((e.clientY - r.top) / r.height) * size)));
    const half = (size - 1) / 2;
    setTap({ dx: x - half, dy: y - half, weight: weights[y * size + x] ?? 0 });
  }

  return (
    <figure className="stage stage--kernel">
      <SourceImage
        source={result.kernelImage}
        alt={`Estimated blur kernel, ${size} px`}
        className="stage__img stage__img--kernel"
        data-testid="face-kernel"
        onMouseMove={onMove}
        onMouseLeave={() => setTap(null)}
      />
      <figcaption>
        Kernel {size} px ·{' '}
        <span data-testid="kernel-confidence">confidence {percent(result.confidence)}</span>
      </figcaption>
      {tap && (
        <span className="stage__readout" aria-hidden="true">
          ({tap.dx}, {tap.dy}): {(tap.weight * 100).toFixed(2)}%
        </span>
      )}
    </figure>
  );
}
