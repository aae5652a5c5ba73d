// The preload's dropped-file paths, built with a stand-in for Electron's webUtils.
import { describe, expect, it } from 'vitest';
import { droppedFiles, type WebUtilsPart } from './droppedFiles.js';

describe('droppedFiles', () => {
  it('answers webUtils.getPathForFile for the dropped File, and exposes nothing else', () => {
    const asked: unknown[] = [];
    const webUtils: WebUtilsPart = {
      getPathForFile: (file) => (asked.push(file), '/photos/2024 wedding'),
    };
    const files = droppedFiles(webUtils);
    const file = new File([], '2024 wedding');
    expect(files.pathForFile(file)).toBe('/photos/2024 wedding');
    expect(asked).toEqual([file]);
    expect(Object.keys(files)).toEqual(['pathForFile']);
    expect(Object.isFrozen(files)).toBe(true);
  });
});
