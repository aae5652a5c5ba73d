// Reading a drop, with injected path resolvers: Electron's (preload) and none (a browser).
import { describe, expect, it } from 'vitest';
import { readDrop } from './readDrop.js';

const folder = new File([], '2024 wedding');
const drop = (files: File[], types = ['Files']) => ({ types, files });

describe('readDrop', () => {
  it('opens the path Electron resolves for a dropped folder', () => {
    const asked: File[] = [];
    const resolve = (file: File) => (asked.push(file), '/photos/2024 wedding');
    expect(readDrop(drop([folder]), resolve)).toEqual({
      kind: 'path',
      path: '/photos/2024 wedding',
    });
    expect(asked).toEqual([folder]);
  });

  it('falls back to the name (the path prompt) in a browser or when Electron cannot tell', () => {
    expect(readDrop(drop([folder]), null)).toEqual({ kind: 'name', name: '2024 wedding' });
    expect(readDrop(drop([folder]), () => '')).toEqual({ kind: 'name', name: '2024 wedding' });
  });

  it('ignores drops without files (text, links)', () => {
    expect(readDrop(drop([], ['text/plain']), () => '/x')).toBeNull();
    expect(readDrop(drop([]), () => '/x')).toBeNull();
  });
});
