/**
 * What every domain kind does the same way, so each domain module keeps only what is its own (its
 * VAO layout and its draw): the attribute layout read from a program, the writers and hooks a
 * commit runs, growth of a set of buffers with the failure contract, the maxCapacity check, and
 * the Int32Array copies of allocated regions that draws read.
 *
 * Growth contract (growBuffers): the buffers grow to hold `units`; a GrowthError from one buffer
 * leaves the ones grown before it grown (their old WebGLBuffers deleted, bytes copied), so the
 * caller's `replaced` callback runs even then (re-point the VAO, bump the version), while the
 * caller's allocator keeps its old capacity, which every buffer still holds.
 */
import type { AllocatedRegions } from '@webglet/allocator';
import { AttributeWriter, type WriterOwner } from './attribute-writer.ts';
import type { DomainAttribute } from './domain.ts';
import { GraphicsArgumentError, GrowthError } from './errors.ts';
import { GLBuffer, commitBuffers, type CommitFigures } from './gl-buffer.ts';
import type { ShaderProgram } from './shader-program.ts';
import { attributeComponents, parseFormat, vertexLayout } from './vertex-format.ts';

/** A domain module's error class (VertexDomainError, …): the argument, its value, the message. */
export type DomainErrorClass = new (argument: string, value: unknown, message: string) => GraphicsArgumentError;

/**
 * One DomainAttribute for each attribute `program` declares, in location order, its format from
 * `formatOf` and a buffer of `unitsOf(name)` units. Checks every format before making any buffer.
 */
export function layoutAttributes(
  gl: WebGL2RenderingContext,
  program: ShaderProgram,
  formatOf: (name: string) => string | undefined,
  unitsOf: (name: string) => number,
  owner: string,
  ErrorClass: DomainErrorClass,
  errorValue: (name: string) => unknown,
): DomainAttribute[] {
  const layouts = [...program.attributes.values()].map((info) => {
    const formatString = formatOf(info.name);
    if (formatString === undefined) {
      throw new ErrorClass(
        'formats',
        errorValue(info.name),
        `${owner}: the program's attribute ${JSON.stringify(info.name)} has no format`,
      );
    }
    const format = parseFormat(formatString);
    return { info, format, layout: vertexLayout(format, attributeComponents(info.name, info.type, format)) };
  });
  return layouts.map(({ info, format, layout }) => ({
    name: info.name,
    format,
    components: layout.components,
    byteStride: layout.byteStride,
    elementStride: layout.byteStride / format.bytesPerComponent,
    location: info.location,
    buffer: new GLBuffer(gl, 'vertex', unitsOf(info.name) * layout.byteStride),
  }));
}

/** A maxCapacity option: Infinity, or a whole number ≥ `initial` (the initial capacity in `units`). */
export function checkMaxCapacity(
  ErrorClass: DomainErrorClass,
  owner: string,
  argument: string,
  value: unknown,
  initial: number,
  units: string,
): number {
  if (value === undefined || value === Infinity) return Infinity;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < initial) {
    throw new ErrorClass(
      argument,
      value,
      `${owner}: ${argument} must be Infinity or a whole number ≥ the initial capacity ${initial} (${units}), got ${String(value)}`,
    );
  }
  return value;
}

/** A GLBuffer's GrowthError in a domain's units and words: `requested` becomes `units`; `limit` and `glError` stay. */
export function domainGrowthError(error: unknown, requested: number, what: string): unknown {
  if (!(error instanceof GrowthError)) return error;
  return new GrowthError(error.reason, requested, error.limit, error.glError, `${what}: ${error.message}`, { cause: error });
}

/**
 * Grows each of `attributes`' buffers that holds fewer than `units` (at most `maxUnits` unless more
 * are needed), keeping the first `used` units; returns the units every one holds now and the bytes
 * copied on the GPU. `replaced` runs when any buffer was replaced, also when a later one fails.
 */
export function growBuffers(
  attributes: readonly DomainAttribute[],
  units: number,
  used: number,
  maxUnits: number,
  describe: (attribute: DomainAttribute, index: number) => string,
  replaced: () => void,
): { capacity: number; bytesCopied: number } {
  let capacity = Infinity,
    bytesCopied = 0;
  let anyReplaced = false;
  try {
    for (let i = 0; i < attributes.length; i++) {
      const attribute = attributes[i]!;
      const { buffer, byteStride } = attribute;
      // A buffer grown by an earlier, failed growth may already hold enough.
      if (buffer.byteCapacity < units * byteStride) {
        try {
          buffer.grow(units * byteStride, used * byteStride, maxUnits * byteStride);
        } catch (error) {
          throw domainGrowthError(error, units, describe(attribute, i));
        }
        anyReplaced = true;
        bytesCopied += used * byteStride;
      }
      // GLBuffer picks max(2×, next power of two) in bytes; strides like 12 do not divide that
      // evenly, so the set holds what the tightest buffer holds.
      capacity = Math.min(capacity, Math.floor(buffer.byteCapacity / byteStride));
    }
  } finally {
    if (anyReplaced) replaced();
  }
  return { capacity: capacity === Infinity ? units : capacity, bytesCopied };
}

/** Records `attribute`'s current buffer in the bound VAO, starting `byteOffset` bytes in. */
export function pointAttribute(gl: WebGL2RenderingContext, attribute: DomainAttribute, byteOffset: number): void {
  const { location, buffer, format, components, byteStride } = attribute;
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer.buffer);
  // Integer formats read as int/uint in the shader need the I variant; the float one converts them.
  if (format.integer) gl.vertexAttribIPointer(location, components, format.glType, byteStride, byteOffset);
  else gl.vertexAttribPointer(location, components, format.glType, format.normalized, byteStride, byteOffset);
}

/** The writers of a domain's attributes and the hooks its commit runs before uploading. */
export class CommitSteps {
  private readonly writers = new Map<string, AttributeWriter>();
  private readonly writerList: AttributeWriter[] = [];
  private readonly hooks: (() => void)[] = [];

  constructor(private readonly owner: WriterOwner) {}

  /** The one writer of `attribute`, made on first use. */
  writer(attribute: DomainAttribute): AttributeWriter {
    let writer = this.writers.get(attribute.name);
    if (writer === undefined) {
      writer = new AttributeWriter(this.owner, attribute);
      this.writers.set(attribute.name, writer);
      this.writerList.push(writer);
    }
    return writer;
  }

  /** Runs `hook` at the start of every later commit. */
  beforeCommit(owner: string, ErrorClass: DomainErrorClass, hook: () => void): void {
    if (typeof hook !== 'function') {
      throw new ErrorClass('hook', hook, `${owner}.beforeCommit: hook must be a function, got ${String(hook)}`);
    }
    this.hooks.push(hook);
  }

  /** Runs the hooks, hands the writers' runs to the buffers, then uploads every buffer of `attributes`. */
  commit(attributes: readonly { readonly buffer: GLBuffer }[], out: CommitFigures): CommitFigures {
    for (let i = 0; i < this.hooks.length; i++) this.hooks[i]!();
    for (let i = 0; i < this.writerList.length; i++) this.writerList[i]!.flush();
    return commitBuffers(attributes, out);
  }
}

/**
 * Int32Array copies of an allocator's aggregated regions, what every draw reads: multi-draw calls
 * take them as they are, and the per-region loops read whole numbers from them. `firsts` are the
 * starts times `scale` (1 for vertices, bytes per index for element offsets). Rebuilt only when
 * getAllocatedRegions() returns a new object: the allocator keeps that object until it changes.
 */
export class RegionArrays {
  firsts = new Int32Array(0);
  counts = new Int32Array(0);
  private source: AllocatedRegions | null = null;

  constructor(private readonly scale: number) {}

  /** Refreshes from `regions` if they changed; returns the number of regions. */
  update(regions: AllocatedRegions): number {
    // The copy is its own method: its closure would make V8 allocate a context on every call, copying or not.
    if (regions !== this.source) this.copy(regions);
    return this.counts.length;
  }

  private copy(regions: AllocatedRegions): void {
    this.source = regions;
    this.firsts = Int32Array.from(regions.starts, (start) => start * this.scale);
    this.counts = Int32Array.from(regions.sizes);
  }
}
