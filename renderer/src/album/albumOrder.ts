/**
 * Sorting and filtering of the album grid: pure functions over the photos and the facts known
 * so far (photoFacts answers arrive in pieces, so unknown facts must sort and filter sensibly).
 */
import type { Photo, PhotoFacts } from '../../../electron/ipc/contract.js';
import { BLURRY_BELOW } from '../lib/format.js';

export type SortKey = 'name' | 'date' | 'blur';
export type FacesFilter = 'all' | 'faces' | 'blurry';
export type RestoredFilter = 'all' | 'restored' | 'unrestored';

export interface AlbumOrder {
  sort: SortKey;
  faces: FacesFilter;
  restored: RestoredFilter;
}

export const defaultOrder: AlbumOrder = { sort: 'name', faces: 'all', restored: 'all' };

/** True when the order needs facts the grid may not have yet (blur sort, any fact filter). */
export function needsFacts(order: AlbumOrder): boolean {
  return order.sort === 'blur' || order.faces !== 'all' || order.restored !== 'all';
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * The photos to show, in order. A filter keeps photos whose facts are not known yet (they are
 * being analysed; dropping them would make the grid jump as answers arrive); the blur sort puts
 * them last. Blur sort: blurriest face first, photos without faces after those with faces.
 */
export function arrange(
  photos: readonly Photo[],
  facts: ReadonlyMap<string, PhotoFacts>,
  order: AlbumOrder,
): Photo[] {
  const kept = photos.filter((photo) => {
    const f = facts.get(photo.path);
    if (!f) return true;
    if (order.faces === 'faces' && f.faceCount === 0) return false;
    if (order.faces === 'blurry' && !(f.sharpness !== null && f.sharpness < BLURRY_BELOW)) {
      return false;
    }
    if (order.restored === 'restored' && !f.restored) return false;
    if (order.restored === 'unrestored' && f.restored) return false;
    return true;
  });
  const byName = (a: Photo, b: Photo) => collator.compare(a.relativePath, b.relativePath);
  switch (order.sort) {
    case 'name':
      return kept.sort(byName);
    case 'date':
      return kept.sort((a, b) => b.modifiedMs - a.modifiedMs || byName(a, b));
    case 'blur': {
      const rank = (p: Photo) => {
        const f = facts.get(p.path);
        if (!f) return 3;
        return f.sharpness === null ? 2 : f.sharpness;
      };
      return kept.sort((a, b) => rank(a) - rank(b) || byName(a, b));
    }
  }
}
