/**
 * addInstanced: instances of a shared mesh in a Batch, one instanced domain per mesh object,
 * program, formats, mode and group value. A free function, like pyglet's instanced lists that
 * come from the program and not the batch: an app that never imports it does not carry the
 * instanced domain.
 *
 * Invariants: a mesh's formats and data, and an instance formats object's signature, are read
 * once per object (after checking it), so changing a mesh object after its first use changes
 * nothing; a bad argument throws (BatchError, or InstancedVertexDomainError for formats, mesh
 * data or values) and the batch is unchanged.
 */
import { Batch } from './batch.ts';
import { BatchError, INITIAL_CAPACITY, memberKey, signature, type DomainOptions, type MemberPlan } from './batch-domains.ts';
import { identityId, isShown, type Group } from './group.ts';
import type { InstanceHandle } from './instance-handle.ts';
import { InstancedVertexDomain } from './instanced-vertex-domain.ts';
import type { ShaderProgram } from './shader-program.ts';

/**
 * The shared mesh of `addInstanced`: `count` vertices and, for every per-vertex
 * attribute, [format, data] with count × components values. Its identity keys the domain.
 */
export interface InstancedMesh {
  readonly count: number;
  readonly attributes: Readonly<Record<string, readonly [format: string, data: ArrayLike<number>]>>;
}

/** The mesh's formats and data, and its formats' signature. */
interface MeshParts {
  formats: Record<string, string>;
  data: Record<string, ArrayLike<number>>;
  signature: string;
}
const meshParts = new WeakMap<InstancedMesh, MeshParts>();
const formatSignatures = new WeakMap<Record<string, string>, string>();

/** What a batch's last instance was keyed by, and its key: instances come in runs of one kind. */
interface LastKey {
  groupKey: string;
  shown: boolean;
  mesh: InstancedMesh;
  program: ShaderProgram;
  formats: Record<string, string>;
  mode: GLenum;
  suffix: string;
  key: string;
}
const lastKeys = new WeakMap<Batch, LastKey>();

const METHOD = 'addInstanced';

/**
 * A new instance of `mesh` in `batch` (the mesh object's identity picks the domain) holding
 * `values` for every per-instance attribute, drawn with `mode` in `group` by `program`.
 * Every mode is taken, strips and fans included: each instance draws the whole mesh.
 *
 * @example
 * ```ts
 * const mesh = { count: 3, attributes: { position: ['f', [0, 0, 8, 0, 0, 8]] as const } };
 * const handle = addInstanced(batch, gl.TRIANGLES, group, program, mesh, { offset: 'f' }, { offset: [16, 16] });
 * handle.setAttribute('offset', [32, 16]);
 * ```
 */
export function addInstanced(
  batch: Batch,
  mode: GLenum,
  group: Group,
  program: ShaderProgram,
  mesh: InstancedMesh,
  instanceFormats: Record<string, string>,
  values: Readonly<Record<string, ArrayLike<number>>>,
): InstanceHandle {
  if (!(batch instanceof Batch)) {
    throw new BatchError('batch', batch, `${METHOD}: batch must be a Batch, got ${String(batch)}`);
  }
  const check = (): void => {
    if (typeof mesh !== 'object' || mesh === null || typeof mesh.attributes !== 'object' || mesh.attributes === null) {
      throw new BatchError('mesh', mesh, `${METHOD}: mesh must be { count, attributes }, got ${String(mesh)}`);
    }
    if (typeof instanceFormats !== 'object' || instanceFormats === null) {
      throw new BatchError(
        'instanceFormats',
        instanceFormats,
        `${METHOD}: instanceFormats must be an object, got ${String(instanceFormats)}`,
      );
    }
  };
  const plan = (gl: WebGL2RenderingContext, { maxCapacity, policy }: DomainOptions): MemberPlan<InstanceHandle> => {
    const parts = partsOf(mesh);
    const { key, suffix } = keyOf(batch, group, program, mesh, instanceFormats, mode, parts);
    return {
      key,
      suffix,
      // A new domain checks the formats against the program; it is kept only if the mesh is good.
      make: () => {
        const made = new InstancedVertexDomain(gl, program, parts.formats, instanceFormats, Math.min(INITIAL_CAPACITY, maxCapacity), {
          maxCapacity,
          policy,
        });
        try {
          made.setMesh(mesh.count, parts.data);
        } catch (error) {
          made.delete();
          throw error;
        }
        return made;
      },
      add: (domain) => (domain as InstancedVertexDomain).addInstance(values),
    };
  };
  return batch.addMember(METHOD, mode, group, program, check, plan);
}

/** The key of the instance's domain; the batch's last one is reused, so a run of adds builds no string. */
function keyOf(
  batch: Batch,
  group: Group,
  program: ShaderProgram,
  mesh: InstancedMesh,
  formats: Record<string, string>,
  mode: GLenum,
  parts: MeshParts,
): LastKey {
  const groupKey = group.key,
    shown = isShown(group);
  const last = lastKeys.get(batch);
  if (
    last !== undefined &&
    last.groupKey === groupKey &&
    last.shown === shown &&
    last.mesh === mesh &&
    last.program === program &&
    last.formats === formats &&
    last.mode === mode
  ) {
    return last;
  }
  const suffix = `instanced|mesh${identityId(mesh)}|program${identityId(program)}|${parts.signature}|${signatureOf(formats)}|mode${mode}`;
  const key = memberKey(group, suffix);
  const made = { groupKey, shown, mesh, program, formats, mode, suffix, key };
  lastKeys.set(batch, made);
  return made;
}

function partsOf(mesh: InstancedMesh): MeshParts {
  let parts = meshParts.get(mesh);
  if (parts !== undefined) return parts;
  const formats: Record<string, string> = {};
  const data: Record<string, ArrayLike<number>> = {};
  for (const [name, spec] of Object.entries(mesh.attributes)) {
    if (!Array.isArray(spec) || typeof spec[0] !== 'string') {
      throw new BatchError('mesh', spec, `${METHOD}: mesh attribute ${JSON.stringify(name)} must be [format, data], got ${String(spec)}`);
    }
    formats[name] = spec[0];
    data[name] = spec[1];
  }
  meshParts.set(mesh, (parts = { formats, data, signature: signature(formats) }));
  return parts;
}

function signatureOf(formats: Record<string, string>): string {
  let known = formatSignatures.get(formats);
  if (known !== undefined) return known;
  for (const [name, format] of Object.entries(formats)) {
    if (typeof format !== 'string') {
      throw new BatchError(
        'instanceFormats',
        format,
        `${METHOD}: instance format of ${JSON.stringify(name)} must be a string, got ${String(format)}`,
      );
    }
  }
  formatSignatures.set(formats, (known = signature(formats)));
  return known;
}
