/**
 * AttributeWriter: one attribute of one domain, for writing many lists or instances every frame
 * with no look-up and no allocation (`domain.writer(name)`). Unit `u` (a vertex, or an instance)
 * is at `array` elements [u × elementStride, + components); write them, then `mark(u, count)`.
 *
 * Invariants: `array` views the attribute's current shadow (a new view after the domain grows);
 * marks of consecutive units grow one pending run, handed to the buffer's dirty ranges when a
 * mark does not continue it or the domain commits (`flush`), so what is uploaded is exactly what
 * was marked. `mark` is a few comparisons, so V8 inlines it into the caller's loop; a unit range
 * outside the domain's capacity throws at the mark, not at the commit.
 */
import { GraphicsArgumentError } from './errors.ts';
import type { GLBuffer } from './gl-buffer.ts';
import type { VertexArray, VertexFormat } from './vertex-format.ts';

/** What a writer needs of its domain. */
export interface WriterOwner {
  readonly isDeleted: boolean;
  /** Units the buffers hold now. */
  readonly capacity: number;
  /** Changes whenever the shadows are replaced (growth). */
  readonly version: number;
}

/** The attribute a writer writes: its layout and buffer. */
export interface WrittenAttribute {
  readonly name: string;
  readonly format: VertexFormat;
  readonly components: number;
  readonly byteStride: number;
  readonly elementStride: number;
  readonly buffer: GLBuffer;
}

export class AttributeWriter {
  readonly elementStride: number;
  private view: VertexArray | null = null;
  private viewVersion = -1;
  /** The pending run of marked units [runStart, runEnd); empty when equal. */
  private runStart = 0;
  private runEnd = 0;
  /** The domain's capacity when the run started: the run grows in place only below it. */
  private runLimit = 0;

  constructor(
    private readonly owner: WriterOwner,
    readonly attribute: WrittenAttribute,
  ) {
    this.elementStride = attribute.elementStride;
  }

  /** The attribute's whole shadow as a typed array (cached until the domain grows). */
  get array(): VertexArray {
    // Small, so that it inlines into setters; the rare rebuild is a call.
    return this.viewVersion === this.owner.version ? this.view! : this.newView();
  }

  /** Marks units [first, first + count) of this attribute for upload. */
  mark(first: number, count = 1): void {
    const end = first + count;
    if (first === this.runEnd && end <= this.runLimit) {
      this.runEnd = end;
      return;
    }
    this.markOutsideRun(first, end);
  }

  /** Hands the pending run to the buffer's dirty ranges (the domain's commit calls this). */
  flush(): void {
    const { runStart, runEnd } = this;
    if (runEnd === runStart) return;
    this.runStart = this.runEnd = 0;
    const stride = this.attribute.byteStride;
    this.attribute.buffer.markDirty(runStart * stride, runEnd * stride);
  }

  private newView(): VertexArray {
    const { buffer, format } = this.attribute;
    const bytes = buffer.bytes;
    this.viewVersion = this.owner.version;
    return (this.view = new format.arrayType(bytes.buffer, 0, bytes.byteLength / format.bytesPerComponent));
  }

  /** Units already in the run (x, then y of one sprite), or a new run after flushing this one. */
  private markOutsideRun(first: number, end: number): void {
    if (this.owner.isDeleted) throw new GraphicsArgumentError('this', 'deleted', 'AttributeWriter.mark: the domain was deleted');
    const capacity = this.owner.capacity;
    if (!Number.isInteger(first) || !Number.isInteger(end) || first < 0 || end <= first || end > capacity) {
      throw new GraphicsArgumentError(
        'first',
        first,
        `AttributeWriter.mark: units [${String(first)}, ${String(end)}) must be whole, non-empty and within [0, ${capacity})`,
      );
    }
    if (first >= this.runStart && end <= this.runEnd) return;
    this.flush();
    this.runStart = first;
    this.runEnd = end;
    this.runLimit = capacity;
  }
}
