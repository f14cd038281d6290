// What the Allocator tells about each allocation's life: made, moved, freed.
// A plain allocator gets NO_WATCH, whose methods do nothing and inline to
// nothing, so its hot path carries no debug bookkeeping and no flag check.
// Debug mode gets a DebugWatch: a serial number for each live allocation
// (1 for the first, counting up) and, with captureStacks, where it was made.
//
// Invariant (DebugWatch): serial(id) > 0 exactly for the live allocations'
// blocks; a block's serial and stack follow its allocation through a move.

import { callerStack } from './debug-info.ts';

export interface AllocationWatch {
  allocated(id: number): void;
  freed(id: number): void;
  /** A realloc moved the allocation of block `from` to block `to`. */
  moved(from: number, to: number): void;
}

class NoWatch implements AllocationWatch {
  allocated(): void {}
  freed(): void {}
  moved(): void {}
}

export const NO_WATCH: AllocationWatch = new NoWatch();

export class DebugWatch implements AllocationWatch {
  private serials = new Float64Array(64);
  private lastSerial = 0;
  private readonly stacks = new Map<number, string>();
  private readonly captureStacks: boolean;

  constructor(captureStacks: boolean) {
    this.captureStacks = captureStacks;
  }

  allocated(id: number): void {
    this.fit(id);
    this.serials[id] = ++this.lastSerial;
    if (this.captureStacks) this.stacks.set(id, callerStack());
  }

  freed(id: number): void {
    this.serials[id] = 0;
    this.stacks.delete(id);
  }

  moved(from: number, to: number): void {
    this.fit(to);
    this.serials[to] = this.serials[from]!;
    const stack = this.stacks.get(from);
    this.freed(from);
    if (stack !== undefined) this.stacks.set(to, stack);
  }

  serial(id: number): number {
    return id < this.serials.length ? this.serials[id]! : 0;
  }

  stack(id: number): string | undefined {
    return this.stacks.get(id);
  }

  /** Makes room for block `id`'s serial. */
  private fit(id: number): void {
    if (id < this.serials.length) return;
    const serials = new Float64Array(Math.max(id + 1, this.serials.length * 2));
    serials.set(this.serials);
    this.serials = serials;
  }
}
