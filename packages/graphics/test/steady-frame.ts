// The graphics steady-frame tests' scene: triangles, indexed quads and instances
// changing a little every frame (the allocation probe is allocation-probe.ts).
import {
  addInstanced,
  Batch,
  ShaderGroup,
  ShaderProgram,
  type IndexedVertexList,
  type InstanceHandle,
  type VertexList,
} from '../src/index.ts';
import { GRAPHICS_SOURCES, type ProbeScope } from './allocation-probe.ts';
import { createPixelScene, instancedShaderSources, seededRandom } from './gl-test-helpers.ts';

const SIZE = 64;

/** Allocations in the graphics sources, under the steady-frame test's frames. */
export const SCENE_SCOPE: ProbeScope = { within: /\/test\/steady-frame(\.browser\.test)?\.ts/, sites: GRAPHICS_SOURCES };

export interface Scene {
  gl: WebGL2RenderingContext;
  batch: Batch;
  lists: VertexList[];
  quads: IndexedVertexList[];
  instances: InstanceHandle[];
  /** Moves a few lists, quads and instances by writing their views in place; returns the bytes changed. */
  change(frame: number): number;
}

/**
 * Triangles (add), indexed quads (addIndexed) and instances (addInstanced) in one batch;
 * `fragmented`: every other one of each deleted, so each domain draws many regions
 * (the per-region loop makes a call each; the instanced draw re-points its attributes).
 */
export function createScene(multiDraw: boolean, count = 300, fragmented = false): Scene {
  const { gl, program } = createPixelScene(SIZE);
  const batch = new Batch(gl, { multiDraw });
  const group = new ShaderGroup(program);
  const random = seededRandom(3);
  const lists = Array.from({ length: count }, () =>
    batch.add(3, gl.TRIANGLES, group, program, {
      position: ['f', Array.from({ length: 9 }, () => random() * SIZE)],
      colors: ['Bn', Array(12).fill(200)],
    }),
  );
  const quads = Array.from({ length: count }, () =>
    batch.addIndexed(4, gl.TRIANGLES, group, program, [0, 1, 2, 0, 2, 3], {
      position: ['f', Array.from({ length: 12 }, () => random() * SIZE)],
      colors: ['Bn', Array(16).fill(120)],
    }),
  );
  const { vertex, fragment } = instancedShaderSources(SIZE);
  const instancedProgram = new ShaderProgram(gl, vertex, fragment);
  const mesh = { count: 3, attributes: { position: ['f', [0, 0, 2, 0, 0, 2]] as const } };
  const instanceGroup = new ShaderGroup(instancedProgram, 1);
  const instances = Array.from({ length: count }, (_, i) =>
    addInstanced(
      batch,
      gl.TRIANGLES,
      instanceGroup,
      instancedProgram,
      mesh,
      { offset: 'f', color: 'Bn' },
      { offset: [i % SIZE, (i * 7) % SIZE], color: [255, 0, 0, 255] },
    ),
  );
  if (fragmented) {
    for (const all of [lists, quads, instances]) {
      for (let i = all.length - 1; i >= 0; i -= 2) all.splice(i, 1)[0]!.delete();
    }
  }
  const change = (frame: number): number => {
    let bytes = 0;
    for (let k = 0; k < 10; k++) {
      const list = lists[(frame * 31 + k * 17) % lists.length]!;
      const position = list.get('position');
      position[0] = (position[0]! + 1) % SIZE; // one vertex's x; the whole list's positions are marked
      list.markDirty('position');
      bytes += list.count * 12;
      const quad = quads[(frame * 13 + k * 29) % quads.length]!;
      const colors = quad.get('colors');
      colors[3] = frame & 0xff;
      quad.markDirty('colors');
      bytes += quad.count * 4;
      const instance = instances[(frame * 7 + k * 41) % instances.length]!;
      const offsets = instance.domain.instanceArray('offset');
      offsets[instance.slot * 2] = frame % SIZE;
      instance.markDirty('offset');
      bytes += 8;
    }
    return bytes;
  };
  return { gl, batch, lists, quads, instances, change };
}
