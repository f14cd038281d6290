/**
 * What the domains are to the rest of the graphics layer: the interface every kind of domain
 * (vertex, indexed, instanced) shares, through which a Batch commits, draws, restores and counts
 * them, and what a list needs of the domain that holds it. Lists and the batch depend on these
 * interfaces, never on a domain class, so modules import one way (docs/architecture.md).
 */
import type { Allocator } from '@webglet/allocator';
import type { AttributeWriter } from './attribute-writer.ts';
import type { CommitFigures, GLBuffer } from './gl-buffer.ts';
import type { VertexArray, VertexFormat } from './vertex-format.ts';

/** One attribute of a domain: its format, layout, shader location and buffer. */
export interface DomainAttribute {
  readonly name: string;
  readonly format: VertexFormat;
  readonly components: number;
  readonly byteStride: number;
  /** Typed-array elements per unit in a view: byteStride / bytesPerComponent (≥ components; padding). */
  readonly elementStride: number;
  readonly location: number;
  readonly buffer: GLBuffer;
}

/** A domain's figures for `Batch.stats()`: units are vertices, or instances for an instanced domain. */
export interface DomainStats {
  capacity: number;
  usage: number;
  fragmentation: number;
}

/** What every kind of domain does for the batch that holds it. */
export interface Domain {
  readonly isDeleted: boolean;
  /** Capacity in its units (vertices, or instances). */
  readonly capacity: number;
  /** Growths of all its buffers since it was made. */
  readonly totalGrowths: number;
  /** GPU bytes held by its buffers. */
  readonly bufferBytes: number;
  /** Uploads what is dirty; returns the figures of this commit. */
  commit(): CommitFigures;
  /** Draws everything it holds with the current program; returns the GL draw calls issued. */
  draw(mode: GLenum): number;
  /** After a lost context is restored: its buffers again from their CPU copies. */
  restore(): void;
  delete(): void;
  stats(): DomainStats;
}

/** What a VertexList needs of its domain (a VertexDomain). */
export interface VertexStore extends Domain {
  readonly attributes: ReadonlyMap<string, DomainAttribute>;
  readonly allocator: Allocator;
  /** Changes whenever the CPU copies are replaced (growth): views taken before are stale. */
  readonly version: number;
  readonly debug: boolean;
  attribute(method: string, name: string): DomainAttribute;
  /** @internal Runs an allocator call, growing the domain and retrying once if it does not fit. */
  withGrowth(call: () => number): number;
  /** @internal Debug mode: the clean marker over vertices [start, start + count). */
  fillClean(start: number, count: number): void;
  /** @internal Debug mode: the dead marker over vertices [start, start + count). */
  fillDead(start: number, count: number): void;
  /** Draws vertices [start, start + count); returns the draw calls issued (0 or 1). */
  drawRange(mode: GLenum, start: number, count: number): number;
  /** The writer of attribute `name`, for code that writes many lists a frame. */
  writer(name: string): AttributeWriter;
  /** Runs `hook` at the start of every later commit. */
  beforeCommit(hook: () => void): void;
}

/** What an IndexedVertexList needs of its domain (an IndexedVertexDomain). */
export interface IndexedStore extends Domain {
  readonly vertices: VertexStore;
  readonly attributes: ReadonlyMap<string, DomainAttribute>;
  readonly indexAllocator: Allocator;
  readonly indexBuffer: GLBuffer;
  /** The index CPU copy as Uint32 (absolute indices); re-read after growth. */
  readonly indexArray: Uint32Array;
  readonly debug: boolean;
  /** @internal Runs an index-allocator call, growing the index buffer and retrying once if it does not fit. */
  withIndexGrowth(call: () => number): number;
  /** @internal Debug mode: the dead marker over indices [start, start + count). */
  fillDeadIndices(start: number, count: number): void;
  /** Draws indices [first, first + count); returns the draw calls issued (0 or 1). */
  drawRange(mode: GLenum, first: number, count: number): number;
  writer(name: string): AttributeWriter;
  beforeCommit(hook: () => void): void;
}

/** What an InstanceHandle needs of its domain (an InstancedVertexDomain). */
export interface InstanceStore extends Domain {
  readonly allocator: Allocator;
  readonly vertexAttributes: ReadonlyMap<string, DomainAttribute>;
  readonly instanceAttributes: ReadonlyMap<string, DomainAttribute>;
  /** Vertices in the shared mesh; nothing draws while it is 0. */
  readonly meshVertexCount: number;
  readonly maxCapacity: number;
  readonly version: number;
  /** Replaces the shared mesh: every per-vertex attribute, vertexCount × components values. */
  setMesh(vertexCount: number, data: Readonly<Record<string, ArrayLike<number>>>): void;
  /** Per-instance attribute `name`, or an error naming it (`method` names the caller). */
  instanceAttribute(method: string, name: string): DomainAttribute;
  /** The whole CPU copy of per-instance attribute `name`, cached until the domain grows. */
  instanceArray(name: string): VertexArray;
  writer(name: string, method?: string): AttributeWriter;
  beforeCommit(hook: () => void): void;
  /** @internal Checks, then writes one instance's values at `slot` and marks them. */
  writeInstance(writer: AttributeWriter, slot: number, data: ArrayLike<number>): void;
  /** @internal Frees instance `slot`. */
  freeSlot(slot: number): void;
  /** @internal A new slot holding a copy of instance `slot` of `from` (same formats); grows when full. */
  copyInstance(from: InstanceStore, slot: number): number;
  /** Draws instances [first, first + count); returns the draw calls issued (0 or 1). */
  drawRange(mode: GLenum, first: number, count: number): number;
}
