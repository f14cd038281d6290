/**
 * webglet's graphics layer, after pyglet.graphics: Batch, groups, vertex domains and
 * lists over GLBuffers with CPU copies, ShaderProgram, MatrixBlock, GLState and
 * debugContext, on WebGL2.
 *
 * @packageDocumentation
 * @module @webglet/graphics
 */
export { DirtyRanges } from './dirty-ranges.ts';
export { GLBuffer, GLBufferError, type CommitFigures, type GLBufferKind } from './gl-buffer.ts';
export {
  attributeComponents,
  glTypeName,
  parseFormat,
  vertexLayout,
  VertexFormatError,
  type VertexArray,
  type VertexArrayType,
  type VertexFormat,
  type VertexLayout,
} from './vertex-format.ts';
export { MATRIX_BLOCK_BINDING, MATRIX_BLOCK_NAME, MatrixBlock } from './matrix-block.ts';
export { ShaderArgumentError, ShaderError, type OffendingLine, type ShaderStage } from './shader-errors.ts';
export { ShaderProgram, type AttributeInfo } from './shader-program.ts';
export {
  createDefaultProgram,
  createDefaultTexturedProgram,
  defaultFragmentSource,
  defaultTexturedFragmentSource,
  defaultTexturedVertexSource,
  defaultVertexSource,
  WINDOW_BLOCK_GLSL,
} from './default-program.ts';
export { GraphicsArgumentError, GrowthError, InstancedVertexDomainError, type GrowthFailure } from './errors.ts';
export type { Domain, DomainAttribute, DomainStats, IndexedStore, InstanceStore, VertexStore } from './domain.ts';
export { DEFAULT_POLICY, VertexDomain, VertexDomainError, type DomainOptions } from './vertex-domain.ts';
export type { ListOwner } from './list-owner.ts';
export { VertexList, VertexListError, type MigrationTarget } from './vertex-list.ts';
export { IndexedVertexDomain, IndexedVertexDomainError, type IndexedDomainOptions } from './indexed-vertex-domain.ts';
export { IndexedVertexList, IndexedVertexListError } from './indexed-vertex-list.ts';
export { Group, GroupError, ShaderGroup, identityId, type GroupListener } from './group.ts';
export { Batch, BatchError, type BatchAttributes, type BatchDomainStats, type BatchOptions, type BatchStats } from './batch.ts';
export { addInstanced, type InstancedMesh } from './instancing.ts';
export { AttributeWriter, type WriterOwner, type WrittenAttribute } from './attribute-writer.ts';
export { InstancedVertexDomain, type InstancedDomainOptions } from './instanced-vertex-domain.ts';
export { InstanceHandle } from './instance-handle.ts';
export {
  SAMPLER_UNIFORM,
  TextureGroup,
  TextureGroupError,
  type TextureBlend,
  type TextureGroupOptions,
  type TextureLike,
} from './texture-group.ts';
export { debugContext, GLCallError, isDebugContext, type DebugContextOptions } from './debug-context.ts';
export { GLState, glState, resetGLState, StaleGLStateError, trackGLState, type BlendMode } from './gl-state.ts';
export { bestFit, firstFit, goodFit, type AllocationPolicy, type Policy } from '@webglet/allocator';
