/**
 * SpriteGroup: the TextureGroup sprites draw in (pyglet's SpriteGroup): the
 * sprite's Texture, the context's sprite program, a blend mode, order 0 and
 * the user's group (or null) as parent.
 *
 * Groups are cached per (parent, texture, blend) and made once, as the shapes'
 * groups are: every sprite on one atlas page with the same blend and parent
 * gets the same group object, hence one domain and one draw call. A cached
 * group whose program was deleted (and so remade) is replaced. The key comes
 * from TextureGroup (texture identity, unit, blend, program) and the class, so
 * a SpriteGroup never merges with a plain TextureGroup of other shaders.
 */
import { TextureGroup, type Group, type ShaderProgram, type TextureBlend } from '@webglet/graphics';
import { spriteProgram } from './sprite-program.ts';
import type { Texture } from './texture.ts';

export class SpriteGroup extends TextureGroup {
  /** The sprite texture (the same object as `texture`, typed as a Texture). */
  readonly spriteTexture: Texture;

  constructor(texture: Texture, program: ShaderProgram, blend: TextureBlend, parent: Group | null) {
    super(texture, program, { blend, order: 0, parent });
    this.spriteTexture = texture;
  }
}

type ByBlend = Map<TextureBlend, SpriteGroup>;
/** Stands for "no parent" as a WeakMap key. */
const ROOT = {};
const groups = new WeakMap<object, WeakMap<Texture, ByBlend>>();

/** The SpriteGroup for `texture` and `blend` under `parent` (null: a root group), made once. */
export function spriteGroup(texture: Texture, blend: TextureBlend, parent: Group | null): SpriteGroup {
  const program = spriteProgram(texture.gl);
  const parentKey = parent ?? ROOT;
  let byTexture = groups.get(parentKey);
  if (byTexture === undefined) groups.set(parentKey, (byTexture = new WeakMap()));
  let byBlend = byTexture.get(texture);
  if (byBlend === undefined) byTexture.set(texture, (byBlend = new Map()));
  let group = byBlend.get(blend);
  if (group === undefined || group.program !== program) byBlend.set(blend, (group = new SpriteGroup(texture, program, blend, parent)));
  return group;
}
