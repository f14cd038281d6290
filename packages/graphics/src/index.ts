export { DirtyRanges } from './dirty-ranges.ts';
export { GLBuffer, GLBufferError, type CommitFigures, type GLBufferKind } from './gl-buffer.ts';
