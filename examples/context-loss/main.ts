// Context loss: a scene of shapes, one Texture and one TextureAtlas page (each
// drawn as an indexed textured quad) that survives a lost WebGL context. The
// "Lose context" button calls WEBGL_lose_context.loseContext(); once the
// 'webglcontextlost' event has come, restoreContext(). On 'webglcontextrestored'
// the Window restores its projection, the textures re-create themselves from
// their kept uploads, and the batch restores its programs and buffers from their
// shadows, all with no code here; then the scene is drawn again, the same as
// before the loss. The page shows the context's state in #context-state
// (data-state: live, lost or restored; data-losses counts the losses).
//
// ?seed=N picks the picture; ?frames=N runs N ticks of 1/60 s (see ../shared/run.ts).
// In a deterministic run the scene stops there, so a restored frame can be compared with the one before.
import { Batch, createDefaultTexturedProgram, TextureGroup, type IndexedVertexList, type ShaderProgram } from '@webglet/graphics';
import { Circle, Rectangle, Star, Texture, TextureAtlas, type PixelData, type TextureRegion } from '@webglet/sprite';
import { hsv } from '../shared/color.ts';
import { createExample, reportGLErrors, run, start } from '../shared/run.ts';

const BACKGROUND = [28, 32, 48] as const;
const QUAD_INDICES = [0, 1, 2, 0, 2, 3];

/** `width` × `height` RGBA pixels from `pixel(x, y)`. */
function pixels(width: number, height: number, pixel: (x: number, y: number) => readonly number[]): PixelData {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4);
  return { width, height, data };
}

/** A seeded picture: a hue gradient under a checkerboard of translucent white. */
function picture(random: () => number, size: number): PixelData {
  const hue = random(),
    cell = 4 + Math.floor(random() * 8);
  return pixels(size, size, (x, y) => {
    const [r, g, b] = hsv(hue + (x + y) / (4 * size), 0.7, 0.55 + (0.4 * y) / size);
    const check = (Math.floor(x / cell) + Math.floor(y / cell)) % 2 === 0;
    return check ? [r, g, b, 255] : [Math.min(255, r + 60), Math.min(255, g + 60), Math.min(255, b + 60), 255];
  });
}

/** An axis-aligned quad showing `region` at (x, y), its size, as an indexed list of 4 vertices. */
function texturedQuad(
  batch: Batch,
  group: TextureGroup,
  program: ShaderProgram,
  region: TextureRegion,
  x: number,
  y: number,
): IndexedVertexList {
  const { width, height, u0, v0, u1, v1 } = region;
  return batch.addIndexed(4, batch.gl.TRIANGLES, group, program, QUAD_INDICES, {
    position: ['f', [x, y, 0, x + width, y, 0, x + width, y + height, 0, x, y + height, 0]],
    colors: ['Bn', new Array<number>(16).fill(255)],
    tex_coords: ['f', [u0, v0, u1, v0, u1, v1, u0, v1]],
  });
}

start(() => {
  const example = createExample();
  const { window: view, clock, random } = example;
  const gl = view.gl;
  const canvas = view.canvas;
  const batch = new Batch(gl);

  // Shapes, turning until the run ends.
  const star = new Star(110, 250, 70, 30, 6, { batch, color: [255, 202, 40] });
  const circle = new Circle(370, 250, 60, { batch, color: [66, 165, 245], segments: 40 });
  const bar = new Rectangle(240, 320, 300, 18, { batch, color: [239, 83, 80], anchorX: 0.5, anchorY: 0.5 });

  // One Texture and one TextureAtlas page, each drawn as a textured quad.
  const program = createDefaultTexturedProgram(gl);
  const texture = new Texture(gl, picture(random, 96), { filter: 'nearest' });
  texturedQuad(batch, new TextureGroup(texture, program), program, texture.fullRegion, 40, 30);
  const atlas = new TextureAtlas(gl, { pageWidth: 96, pageHeight: 96, padding: 2, filter: 'nearest' });
  for (const [w, h] of [
    [40, 40],
    [48, 24],
    [24, 56],
    [30, 30],
  ] as const) {
    const side = Math.max(w, h);
    const { data } = picture(random, side);
    // A w × h crop of the square picture.
    atlas.add(pixels(w, h, (x, y) => Array.from(data.subarray((y * side + x) * 4, (y * side + x) * 4 + 4))));
  }
  const page = atlas.pages[0]!;
  texturedQuad(batch, new TextureGroup(page, program), program, page.fullRegion, 344, 30);

  const render = (): void => {
    view.clear(BACKGROUND);
    batch.draw();
  };

  // The state shown on the page and the button.
  const state = document.querySelector<HTMLElement>('#context-state');
  const button = document.querySelector<HTMLButtonElement>('#lose-context');
  if (!state || !button) throw new Error('the page needs #context-state and #lose-context');
  let losses = 0;
  const show = (value: 'live' | 'lost' | 'restored'): void => {
    state.dataset.state = value;
    state.dataset.losses = String(losses);
    state.textContent =
      value === 'live' ? 'live' : value === 'lost' ? 'lost — restoring…' : `restored (${losses} ${losses === 1 ? 'loss' : 'losses'})`;
    button.disabled = value === 'lost';
  };
  const loseContext = gl.getExtension('WEBGL_lose_context');
  if (!loseContext) {
    button.disabled = true;
    state.textContent = 'this browser cannot simulate a lost context (no WEBGL_lose_context)';
  } else {
    button.addEventListener('click', () => loseContext.loseContext());
    canvas.addEventListener('webglcontextlost', () => {
      losses++;
      show('lost');
      // Not from inside the event: the loss must be complete before asking for the context back.
      setTimeout(() => loseContext.restoreContext(), 100);
    });
  }
  // Added after the Window's, the textures' and the Batch's listeners, so it runs after they restored themselves.
  canvas.addEventListener('webglcontextrestored', () => {
    if (example.frames !== null) render(); // the animation loop draws the next frame anyway
    reportGLErrors(gl, 'the restore');
    show('restored');
  });

  run(
    example,
    () => {
      const t = clock.time;
      star.rotation = t * 0.8;
      circle.radius = 50 + 10 * Math.sin(t * 2);
      bar.rotation = 0.15 * Math.sin(t * 1.5);
      render();
    },
    () => show('live'),
  );
  if (example.frames === null) show('live');
});
