/** Types of electron-binary.mjs (imported by the TypeScript e2e tests). */
export function electronBinary(): { path: string; reason: null } | { path: null; reason: string };
