/**
 * SpriteWrites: what one sprite domain (an InstancedVertexDomain of sprites) needs
 * to write its sprites: the writers of its six attributes, shared by its sprites,
 * and the queue of sprites changed since its last commit.
 *
 * Why a queue: a setter only stores its number in the sprite and queues the sprite
 * (first change since the commit); the domain's commit (beforeCommit hook, so every
 * `batch.draw()`) writes each queued sprite's changed attributes into the shadow.
 * That keeps every setter a few loads and stores, small enough for V8 to inline
 * several of them into the caller's loop; a setter left out of line boxes its
 * fractional argument (12 bytes per call), which is what a frame setting position,
 * rotation and scale of every sprite did when the setters wrote the shadow
 * themselves. Consecutive sprites in slot order still make one upload run.
 *
 * Invariant: queued[0, count) holds each sprite at most once per change since the
 * last commit; a sprite that moved to another domain, was deleted, or was already
 * written is skipped by `writePending` (it knows which SpriteWrites it belongs to).
 */
import type { InstanceAttributeWriter, InstancedVertexDomain } from '@webglet/graphics';

/** A sprite as the queue sees it: it writes its changed attributes when its domain commits. */
export interface QueuedSprite {
  writePending(from: SpriteWrites): void;
}

export class SpriteWrites {
  readonly translate: InstanceAttributeWriter;
  readonly rotation: InstanceAttributeWriter;
  readonly scale: InstanceAttributeWriter;
  readonly rect: InstanceAttributeWriter;
  readonly texRect: InstanceAttributeWriter;
  readonly color: InstanceAttributeWriter;
  /** Sprites changed since the last commit, [0, count); entries past count are null. Grows, never shrinks. */
  private readonly queued: (QueuedSprite | null)[] = [];
  private count = 0;

  private constructor(domain: InstancedVertexDomain) {
    this.translate = domain.writer('translate');
    this.rotation = domain.writer('rotation');
    this.scale = domain.writer('scale');
    this.rect = domain.writer('rect');
    this.texRect = domain.writer('tex_rect');
    this.color = domain.writer('color');
    domain.beforeCommit(() => this.writeQueued());
  }

  /** The one SpriteWrites of `domain`. */
  static of(domain: InstancedVertexDomain): SpriteWrites {
    let writes = byDomain.get(domain);
    if (writes === undefined) {
      writes = new SpriteWrites(domain);
      byDomain.set(domain, writes);
    }
    return writes;
  }

  /** Sprites waiting for the next commit. */
  get queuedCount(): number {
    return this.count;
  }

  enqueue(sprite: QueuedSprite): void {
    this.queued[this.count++] = sprite;
  }

  private writeQueued(): void {
    const queued = this.queued;
    const count = this.count;
    for (let i = 0; i < count; i++) {
      const sprite = queued[i]!;
      queued[i] = null; // a deleted sprite is not kept alive by the queue
      sprite.writePending(this);
    }
    this.count = 0;
  }
}

const byDomain = new WeakMap<InstancedVertexDomain, SpriteWrites>();
