import { useEffect, useState } from 'react';
import { isFormControl } from '../lib/keys.js';

/** Keys that show "before" while held (B, or backslash as in Lightroom's before/after). */
const HOLD_KEYS = new Set(['b', 'B', '\\']);

/**
 * Press-and-hold: true while the hold key is down (anywhere in the window, not while typing)
 * or while `pointerHeld` is true. Losing focus releases it, so it never sticks.
 */
export function useHoldKey(): boolean {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (!HOLD_KEYS.has(e.key) || e.ctrlKey || e.metaKey || e.altKey || isFormControl(e.target))
        return;
      e.preventDefault();
      setHeld(true);
    };
    const up = (e: KeyboardEvent) => HOLD_KEYS.has(e.key) && setHeld(false);
    const release = () => setHeld(false);
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', release);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', release);
    };
  }, []);
  return held;
}
