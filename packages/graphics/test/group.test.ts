// Group keys (node: no GL). The key is cached, so what matters is that it still
// follows every change that goes into it: the group's order and its parent's key.
import { describe, expect, it } from 'vitest';
import { Group } from '../src/group.ts';

class Tinted extends Group {
  constructor(
    readonly tint: string,
    order = 0,
    parent: Group | null = null,
  ) {
    super(order, parent);
  }

  protected override stateKey(): string {
    return `tint${this.tint}`;
  }
}

describe('Group.key', () => {
  it('is equal for equal groups and differs by class, state, order and parent', () => {
    const root = new Group(1);
    expect(new Group(2, root).key).toBe(new Group(2, root).key);
    expect(new Tinted('red').key).toBe(new Tinted('red').key);
    const keys = [
      new Group(2, root),
      new Group(3, root),
      new Group(2),
      new Tinted('red'),
      new Tinted('blue'),
      new Tinted('red', 0, root),
    ].map((g) => g.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("follows the order and every ancestor's order after it was read", () => {
    const grandparent = new Group(0);
    const parent = new Tinted('red', 0, grandparent);
    const child = new Group(0, parent);
    const twin = new Group(0, new Tinted('red', 0, new Group(0)));
    expect(child.key).toBe(twin.key);
    child.order = 5;
    expect(child.key).not.toBe(twin.key);
    child.order = 0;
    expect(child.key).toBe(twin.key);
    grandparent.order = 7; // two levels up: the cached keys below must not survive it
    expect(parent.key).not.toBe(twin.parent!.key);
    expect(child.key).not.toBe(twin.key);
    twin.parent!.parent!.order = 7;
    expect(child.key).toBe(twin.key);
  });
});
