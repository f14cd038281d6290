// Group changes apply exactly, whatever groups share a domain: each list draws at its own group's place
// and is hidden exactly when its own group or an ancestor is. Checked by readPixels at pixels every
// overlapping triangle covers, with the batch's domains and `stats().moved` (what a change cost).
import { afterEach, describe, expect, it } from 'vitest';
import { Batch, createDefaultProgram, Group, ShaderGroup, type ShaderProgram, type VertexList } from '../src/index.ts';
import { createPixelScene, liveContexts, pixel } from './gl-test-helpers.ts';

const SIZE = 32;
const RED = [255, 0, 0, 255],
  GREEN = [0, 255, 0, 255],
  BLUE = [0, 0, 255, 255],
  BLACK = [0, 0, 0, 255];

afterEach(() => {
  for (const gl of liveContexts) expect(gl.getError()).toBe(gl.NO_ERROR);
});

interface Scene {
  gl: WebGL2RenderingContext;
  program: ShaderProgram;
  batch: Batch;
}
function createScene(multiDraw = false): Scene {
  const { gl, program } = createPixelScene(SIZE, createDefaultProgram);
  return { gl, program, batch: new Batch(gl, { multiDraw }) };
}

/** A rectangle [x0, x1) × [0, SIZE) as two triangles: the left, middle and right thirds are told apart by x. */
function band(x0: number, x1: number): number[] {
  return [x0, 0, 0, x1, 0, 0, x1, SIZE, 0, x1, SIZE, 0, x0, SIZE, 0, x0, 0, 0];
}
const LEFT = 5,
  MIDDLE = 16,
  RIGHT = 27;

function add(scene: Scene, group: Group, positions: number[], rgba: number[]): VertexList {
  const count = positions.length / 3;
  return scene.batch.add(count, scene.gl.TRIANGLES, group, scene.program, {
    position: ['f', positions],
    colors: ['Bn', Array.from({ length: count }, () => rgba).flat()],
  });
}

/** Clears, draws, and returns the colours at the left, middle and right thirds. */
function draw(scene: Scene): number[][] {
  const { gl } = scene;
  gl.clearColor(0, 0, 0, 1);
  gl.clear(gl.COLOR_BUFFER_BIT);
  scene.batch.draw();
  return [LEFT, MIDDLE, RIGHT].map((x) => pixel(gl, x, SIZE / 2));
}

/** `back` covers the left two thirds in red, `front` the right two thirds in green: they overlap in the middle. */
function twoEqualGroups(scene: Scene): { back: ShaderGroup; front: ShaderGroup; backList: VertexList; frontList: VertexList } {
  const back = new ShaderGroup(scene.program, 0);
  const front = new ShaderGroup(scene.program, 0);
  const backList = add(scene, back, band(0, 22), RED);
  const frontList = add(scene, front, band(11, SIZE), GREEN);
  return { back, front, backList, frontList };
}

describe('Equal groups share a domain until one of them changes', () => {
  for (const multiDraw of [false, true]) {
    it(`raising one of two equal groups draws its list on top${multiDraw ? ' (multi-draw)' : ''}`, () => {
      const scene = createScene(multiDraw);
      const { back, front, backList, frontList } = twoEqualGroups(scene);
      expect(backList.domain).toBe(frontList.domain); // equal now: one domain, one call
      draw(scene);
      expect(scene.batch.stats().drawCalls).toBe(1);

      front.order = 2;
      expect(draw(scene)).toEqual([RED, GREEN, GREEN]);
      expect(scene.batch.stats().moved).toBe(1);
      expect(backList.domain).not.toBe(frontList.domain);
      back.order = 3;
      expect(draw(scene)).toEqual([RED, RED, GREEN]);
      expect(scene.batch.stats().moved).toBe(0); // each group has a domain of its own by now: nothing to move
    });
  }

  it('hiding one of two equal groups hides its list only, and showing it brings it back', () => {
    const scene = createScene();
    const { back, front } = twoEqualGroups(scene);
    back.visible = false;
    expect(draw(scene)).toEqual([BLACK, GREEN, GREEN]);
    back.visible = true;
    front.visible = false;
    expect(draw(scene)).toEqual([RED, RED, BLACK]);
    front.visible = true;
    const [left, middle, right] = draw(scene);
    expect([left, right]).toEqual([RED, GREEN]);
    expect([RED, GREEN]).toContainEqual(middle); // equal groups: either may be on top
  });

  it("a group moved onto an older group's order, given a new list, keeps that list when the older one moves", () => {
    const scene = createScene();
    const g0 = new ShaderGroup(scene.program, 0);
    const g2 = new ShaderGroup(scene.program, 2);
    add(scene, g0, band(0, 22), RED);
    add(scene, g2, band(11, SIZE), GREEN);
    draw(scene);
    g2.order = 0;
    const late = add(scene, g2, band(11, 22), BLUE); // g2 equals g0 now: may share g0's domain
    g0.order = 2;
    expect(draw(scene)).toEqual([RED, RED, GREEN]); // g2's lists, the late one too, are under g0 now
    expect(late.isDeleted).toBe(false);
  });

  it("the cost of a change is the changed group's lists, not the batch's", () => {
    const scene = createScene();
    const many = new ShaderGroup(scene.program, 0);
    const few = new ShaderGroup(scene.program, 0);
    for (let i = 0; i < 100; i++) add(scene, many, band(0, 11), RED);
    const mine = [0, 1, 2].map(() => add(scene, few, band(11, SIZE), GREEN));
    draw(scene);
    few.order = 1;
    expect(draw(scene)).toEqual([RED, GREEN, GREEN]);
    expect(scene.batch.stats().moved).toBe(3);
    expect(new Set(mine.map((list) => list.domain)).size).toBe(1);
    many.order = 1; // equal again: they may share again, and nothing needs to move
    draw(scene);
    expect(scene.batch.stats().moved).toBe(0);
  });

  it('deleting a moved list frees it in its new domain', () => {
    const scene = createScene();
    const { front, frontList } = twoEqualGroups(scene);
    front.order = 1;
    draw(scene);
    const domain = frontList.domain;
    frontList.delete();
    expect(domain.allocator.getAllocatedSize()).toBe(0);
    expect(draw(scene)).toEqual([RED, RED, BLACK]);
  });
});

describe('Migrating into the group a list already has', () => {
  it('leaves the list where it is, also when the batch holds two domains of that key', () => {
    const scene = createScene();
    const { back, front, backList, frontList } = twoEqualGroups(scene);
    back.visible = false; // back's list moves to a domain of hidden lists…
    draw(scene);
    back.visible = true; // …which now has the same key as front's: two domains of one key
    draw(scene);
    expect(backList.domain).not.toBe(frontList.domain);
    const domain = backList.domain;
    backList.migrate(scene.batch, back);
    expect(backList.domain).toBe(domain);
    frontList.migrate(scene.batch, front);
    expect(frontList.domain).not.toBe(domain);
    const [left, middle, right] = draw(scene);
    expect([left, right]).toEqual([RED, GREEN]);
    expect([RED, GREEN]).toContainEqual(middle);
  });
});

describe('Parents: order, visibility and the parent itself change', () => {
  it('children of equal parents follow their own parent', () => {
    const scene = createScene();
    const parentA = new Group(0),
      parentB = new Group(0);
    const a = new ShaderGroup(scene.program, 0, parentA);
    const b = new ShaderGroup(scene.program, 0, parentB);
    const aList = add(scene, a, band(0, 22), RED);
    const bList = add(scene, b, band(11, SIZE), GREEN);
    expect(aList.domain).toBe(bList.domain);
    parentA.order = 1;
    expect(draw(scene)).toEqual([RED, RED, GREEN]);
    parentA.visible = false;
    expect(draw(scene)).toEqual([BLACK, GREEN, GREEN]);
    parentA.visible = true;
    parentB.visible = false;
    expect(draw(scene)).toEqual([RED, RED, BLACK]);
  });

  it("a new parent moves a group to the parent's place, and hides it under a hidden one", () => {
    const scene = createScene();
    const low = new Group(0),
      high = new Group(5),
      hidden = new Group(9);
    hidden.visible = false;
    const a = new ShaderGroup(scene.program, 0, low);
    const b = new ShaderGroup(scene.program, 0, low);
    add(scene, a, band(0, 22), RED);
    add(scene, b, band(11, SIZE), GREEN);
    a.parent = high;
    expect(draw(scene)).toEqual([RED, RED, GREEN]);
    a.parent = hidden;
    expect(draw(scene)).toEqual([BLACK, GREEN, GREEN]);
    hidden.order = 10; // the batch listens to the new parent: this and its visibility apply
    hidden.visible = true;
    expect(draw(scene)).toEqual([RED, RED, GREEN]);
    a.parent = null;
    b.parent = high;
    expect(draw(scene)).toEqual([RED, GREEN, GREEN]);
  });

  it('refuses a parent that would make a cycle, changing nothing', () => {
    const parent = new Group(0);
    const child = new Group(0, parent);
    expect(() => {
      parent.parent = child;
    }).toThrow(/own ancestor/);
    expect(() => {
      parent.parent = parent;
    }).toThrow(/own ancestor/);
    expect(() => {
      child.parent = {} as Group;
    }).toThrow(/must be a Group or null/);
    expect(parent.parent).toBe(null);
    expect(child.parent).toBe(parent);
  });
});

describe('A batch forgets groups with no lists', () => {
  it('stops listening to a group whose lists were all deleted (after the next change)', () => {
    const scene = createScene();
    const { back, backList, front } = twoEqualGroups(scene);
    draw(scene);
    backList.delete();
    front.order = 1; // a change settles the batch: back has no lists left
    draw(scene);
    const rebuilds = scene.batch.rebuilds;
    back.order = 7;
    draw(scene);
    expect(scene.batch.rebuilds).toBe(rebuilds);
  });
});
