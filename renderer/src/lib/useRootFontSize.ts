import { useEffect, useState } from 'react';

function read(): number {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

/**
 * The root font size in CSS pixels. The theme scales it with the window (clamp() in
 * theme.css), so layout done in JS (the virtualised grid's tile size) follows it in rem.
 */
export function useRootFontSize(): number {
  const [size, setSize] = useState(read);
  useEffect(() => {
    const update = () => setSize(read());
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, []);
  return size;
}
