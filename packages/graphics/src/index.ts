export { DirtyRanges } from './dirty-ranges.ts';
export { GLBuffer, GLBufferError, type CommitFigures, type GLBufferKind } from './gl-buffer.ts';
export {
  attributeComponents, glTypeName, parseFormat, vertexLayout, VertexFormatError,
  type VertexArrayType, type VertexFormat, type VertexLayout,
} from './vertex-format.ts';
