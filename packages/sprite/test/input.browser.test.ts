// Input and hit testing in real Chromium: DOM PointerEvent, WheelEvent and KeyboardEvent objects
// dispatched on a real canvas, read back in window coordinates at pixel ratios 1 and 2 and under a
// CSS scale; every listener added to the canvas, the document and the page is removed by delete().
// containsPoint on sprites and shapes is checked against the pixels they draw: for every pixel
// centre not on an edge, containsPoint says yes exactly where the pixel has the object's colour.
import { describe, expect, it } from 'vitest';
import { expectNoGLError, seededRandom } from '../../graphics/test/gl-test-helpers.ts';
import {
  Arc,
  Batch,
  Circle,
  Input,
  InputError,
  Line,
  Rectangle,
  Sprite,
  Star,
  Texture,
  Window,
  type KeyInfo,
  type PointerInfo,
  type Shape,
} from '../src/index.ts';

function makeWindow(pixelRatio = 1, width = 64, height = 48): { window: Window; canvas: HTMLCanvasElement } {
  const canvas = document.createElement('canvas');
  document.body.append(canvas);
  const window = new Window(canvas, { pixelRatio, preserveDrawingBuffer: true });
  window.resize(width, height);
  return { window, canvas };
}

function pointer(canvas: HTMLCanvasElement, type: string, x: number, y: number, init: PointerEventInit = {}): void {
  const rect = canvas.getBoundingClientRect();
  canvas.dispatchEvent(new PointerEvent(type, { clientX: rect.left + x, clientY: rect.top + y, bubbles: true, cancelable: true, ...init }));
}

describe('Input: pointer events in window coordinates', () => {
  it('down, move, up and wheel arrive in CSS pixels, y down, at pixel ratio 2 and under a CSS scale', () => {
    const { window, canvas } = makeWindow(2, 200, 100);
    const input = new Input(window);
    expect(canvas.style.touchAction).toBe('none'); // touches drive the game, not the page
    const seen: PointerInfo[] = [];
    input.onPointer((event) => seen.push(event));
    pointer(canvas, 'pointerdown', 50, 20, { button: 0, buttons: 1, pointerId: 7, pointerType: 'touch' });
    pointer(canvas, 'pointermove', 60.5, 30.25, { buttons: 1 });
    pointer(canvas, 'pointerup', 61, 31, { button: 0, buttons: 0 });
    const rect = canvas.getBoundingClientRect();
    canvas.dispatchEvent(
      new WheelEvent('wheel', { clientX: rect.left + 10, clientY: rect.top + 5, deltaY: 3, deltaMode: 1, cancelable: true }),
    );
    expect(seen.map((e) => [e.type, e.x, e.y, e.button, e.buttons])).toEqual([
      ['down', 50, 20, 0, 1],
      ['move', 60.5, 30.25, -1, 1],
      ['up', 61, 31, 0, 0],
      ['wheel', 10, 5, -1, 0],
    ]);
    expect([seen[0]!.pointerId, seen[0]!.pointerType]).toEqual([7, 'touch']);
    expect([seen[3]!.deltaX, seen[3]!.deltaY]).toEqual([0, 48]); // 3 lines of 16 px
    // Drawn twice as large by CSS: the same window point is twice as far in client pixels.
    canvas.style.transformOrigin = '0 0';
    canvas.style.transform = 'scale(2)';
    pointer(canvas, 'pointerdown', 100, 40);
    expect([seen[4]!.x, seen[4]!.y]).toEqual([50, 20]);
    // A 3 px border: window coordinates start inside it (as offsetX does), under the scale too.
    canvas.style.border = '3px solid black';
    pointer(canvas, 'pointerdown', 2 * (3 + 50), 2 * (3 + 20));
    expect([seen[5]!.x, seen[5]!.y]).toEqual([50, 20]);
    input.delete();
    window.delete();
    canvas.remove();
  });

  it('a listener can unsubscribe, and a bad argument throws InputError naming it', () => {
    const { window, canvas } = makeWindow();
    const input = new Input(window);
    let calls = 0;
    const off = input.onPointer(() => calls++);
    pointer(canvas, 'pointermove', 1, 1);
    off();
    pointer(canvas, 'pointermove', 2, 2);
    expect(calls).toBe(1);
    const notWindow = {};
    const cases: [() => unknown, string, unknown][] = [
      [() => new Input(notWindow as Window), 'window', notWindow],
      [() => new Input(window, null as never), 'options', null],
      [() => new Input(window, { keyboard: 'page' as never }), 'keyboard', 'page'],
      [() => new Input(window, { preventDefault: 1 as never }), 'preventDefault', 1],
      [() => input.onPointer(5 as never), 'fn', 5],
      [() => input.onKey('f' as never), 'fn', 'f'],
      [() => input.isDown(32 as never), 'code', 32],
    ];
    for (const [call, argument, value] of cases) {
      let thrown: unknown = null;
      try {
        call();
      } catch (error) {
        thrown = error;
      }
      expect(thrown, argument).toBeInstanceOf(InputError);
      expect([(thrown as InputError).argument, Object.is((thrown as InputError).value, value)]).toEqual([argument, true]);
    }
    input.delete();
    expect(() => input.onPointer(() => {})).toThrow(InputError);
    expect(() => input.isDown('KeyA')).toThrow(InputError);
    window.delete();
    canvas.remove();
  });
});

describe('Input: keys', () => {
  it('key events carry key, code and repeat; isDown follows by code; a blur releases every key', () => {
    const { window, canvas } = makeWindow();
    const input = new Input(window);
    const seen: KeyInfo[] = [];
    input.onKey((event) => seen.push(event));
    const key = (type: string, init: KeyboardEventInit): boolean =>
      canvas.dispatchEvent(new KeyboardEvent(type, { bubbles: true, cancelable: true, ...init }));
    expect(canvas.tabIndex).toBe(0); // focusable, so it gets keys
    const notCancelled = key('keydown', { key: 'a', code: 'KeyA' });
    expect(notCancelled).toBe(false); // preventDefault by default
    expect(key('keydown', { key: 'Tab', code: 'Tab' })).toBe(true); // but not on Tab, the page's focus
    key('keyup', { key: 'Tab', code: 'Tab' });
    key('keydown', { key: 'a', code: 'KeyA', repeat: true });
    key('keydown', { key: 'ArrowLeft', code: 'ArrowLeft', shiftKey: true });
    expect([input.isDown('KeyA'), input.isDown('ArrowLeft'), input.isDown('KeyB')]).toEqual([true, true, false]);
    key('keyup', { key: 'a', code: 'KeyA' });
    expect(input.isDown('KeyA')).toBe(false);
    expect(seen.map((e) => [e.type, e.key, e.code, e.repeat, e.shiftKey])).toEqual([
      ['down', 'a', 'KeyA', false, false],
      ['down', 'Tab', 'Tab', false, false],
      ['up', 'Tab', 'Tab', false, false],
      ['down', 'a', 'KeyA', true, false],
      ['down', 'ArrowLeft', 'ArrowLeft', false, true],
      ['up', 'a', 'KeyA', false, false],
    ]);
    canvas.dispatchEvent(new FocusEvent('blur'));
    expect(input.isDown('ArrowLeft')).toBe(false);
    // Keys on the document are not the canvas's unless asked for.
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'b', code: 'KeyB' }));
    expect(input.isDown('KeyB')).toBe(false);
    const onDocument = new Input(window, { keyboard: 'document', preventDefault: false });
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'b', code: 'KeyB' }));
    expect(onDocument.isDown('KeyB')).toBe(true);
    onDocument.delete();
    input.delete();
    window.delete();
    canvas.remove();
  });

  it('listeners go on the canvas and the page, on the document only when asked, and delete() removes each one', () => {
    const { window, canvas } = makeWindow();
    // Each target's own add/remove are wrapped (the page's may not be EventTarget.prototype's here).
    const live = new Set<string>();
    const added: string[] = [];
    const ids = new Map<unknown, number>();
    const id = (listener: unknown): number => {
      if (!ids.has(listener)) ids.set(listener, ids.size);
      return ids.get(listener)!;
    };
    const restore: (() => void)[] = [];
    for (const [target, name] of [
      [canvas, 'canvas'],
      [document, 'document'],
      [globalThis, 'page'],
    ] as const) {
      const add = target.addEventListener,
        remove = target.removeEventListener;
      target.addEventListener = (
        type: string,
        listener: EventListenerOrEventListenerObject | null,
        options?: boolean | AddEventListenerOptions,
      ) => {
        if (listener) {
          live.add(`${name} ${type} ${id(listener)}`);
          added.push(`${name} ${type}`);
        }
        add.call(target, type, listener as EventListenerOrEventListenerObject, options);
      };
      target.removeEventListener = (
        type: string,
        listener: EventListenerOrEventListenerObject | null,
        options?: boolean | EventListenerOptions,
      ) => {
        if (listener) live.delete(`${name} ${type} ${id(listener)}`);
        remove.call(target, type, listener as EventListenerOrEventListenerObject, options);
      };
      restore.push(() => {
        target.addEventListener = add;
        target.removeEventListener = remove;
      });
    }
    try {
      const input = new Input(window);
      expect(added.filter((entry) => entry.startsWith('document'))).toEqual([]);
      expect(added.sort()).toEqual(
        [
          'canvas blur',
          'canvas keydown',
          'canvas keyup',
          'canvas pointerdown',
          'canvas pointermove',
          'canvas pointerup',
          'canvas wheel',
          'page blur',
        ].sort(),
      );
      input.delete();
      expect([...live]).toEqual([]);
      added.length = 0;
      const onDocument = new Input(window, { keyboard: 'document' });
      expect(added.filter((entry) => entry.startsWith('document')).sort()).toEqual(['document keydown', 'document keyup']);
      onDocument.delete();
      expect([...live]).toEqual([]);
    } finally {
      for (const undo of restore) undo();
    }
    window.delete();
    canvas.remove();
  });
});

/** Checks `contains` against the drawn pixels: yes exactly where the pixel has `colour`, at every pixel centre 0.1 px or more off an edge. */
function expectHitsMatchPixels(
  window: Window,
  contains: (x: number, y: number) => boolean,
  colour: readonly number[],
  label: string,
): number {
  const gl = window.gl;
  const { width, height } = window;
  const pixels = new Uint8Array(width * height * 4);
  gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  let inside = 0;
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const x = px + 0.5,
        y = py + 0.5;
      const here = contains(x, y);
      // A centre within 0.1 px of an edge may fall either way: the rasterizer snaps vertices to 1/16 px.
      const near = [contains(x - 0.1, y), contains(x + 0.1, y), contains(x, y - 0.1), contains(x, y + 0.1)];
      if (near.some((value) => value !== here)) continue;
      const at = ((height - 1 - py) * width + px) * 4;
      const drawn = pixels[at] === colour[0] && pixels[at + 1] === colour[1] && pixels[at + 2] === colour[2];
      if (drawn !== here) expect(`${label}: pixel (${px}, ${py}) drawn ${drawn}, containsPoint ${here}`).toBe('agree');
      if (here) inside++;
    }
  }
  return inside;
}

describe('containsPoint agrees with the pixels drawn', () => {
  it('sprites: anchored, scaled (negative too), turned, trimmed and rotated regions; hidden contains nothing', () => {
    const { window, canvas } = makeWindow(1, 64, 64);
    const gl = window.gl;
    const texture = new Texture(gl, { width: 12, height: 12, data: new Uint8Array(12 * 12 * 4).fill(255) }, { filter: 'nearest' });
    const images = [
      texture.region(0, 0, 5, 3),
      texture.region(2, 2, 4, 6, { trimX: 2, trimY: 1, sourceWidth: 9, sourceHeight: 8, pivotX: 0.5, pivotY: 0.5 }),
      texture.region(6, 0, 3, 7, { rotated: true, trimX: 1, sourceWidth: 9, sourceHeight: 5 }),
    ];
    const random = seededRandom(5);
    let checked = 0;
    for (let n = 0; n < 12; n++) {
      const batch = new Batch(gl);
      const sprite = new Sprite(images[n % 3]!, {
        batch,
        x: 20 + random() * 24,
        y: 20 + random() * 24,
        rotation: random() * 7,
        scaleX: (random() < 0.3 ? -1 : 1) * (1 + random() * 2.5),
        scaleY: 1 + random() * 2.5,
        anchorX: random(),
        anchorY: random(),
        blend: 'none',
      });
      window.clear([0, 0, 0]);
      batch.draw();
      const inside = expectHitsMatchPixels(window, (x, y) => sprite.containsPoint(x, y), [255, 255, 255], `sprite ${n}`);
      expect(inside, `sprite ${n} covers some pixels`).toBeGreaterThan(4);
      checked++;
      sprite.visible = false;
      expect(sprite.containsPoint(sprite.x, sprite.y)).toBe(false);
      batch.delete();
    }
    expect(checked).toBe(12);
    expect(() => new Sprite(images[0]!, { batch: new Batch(gl) }).containsPoint(NaN, 1)).toThrow(/x must be a finite number/);
    expectNoGLError(gl);
    window.delete();
    canvas.remove();
  });

  it('shapes: rectangles, circles, arcs, stars and lines, turned and anchored', () => {
    const { window, canvas } = makeWindow(1, 64, 64);
    const gl = window.gl;
    const random = seededRandom(9);
    const colour = [255, 0, 255] as const;
    const makers: ((batch: Batch) => Shape)[] = [
      (batch) => new Rectangle(30, 30, 20, 9, { batch, color: colour, rotation: random() * 6, anchorX: random(), anchorY: random() }),
      (batch) => new Circle(32, 30, 14, { batch, color: colour }),
      (batch) => new Arc(30, 32, 16, { batch, color: colour, angle: 4, thickness: 3, rotation: random() * 6 }),
      (batch) => new Star(32, 32, 18, 7, 5, { batch, color: colour, rotation: random() * 6 }),
      (batch) => new Line(8, 50, 55, 12, { batch, color: colour, thickness: 4 }),
    ];
    for (const [n, make] of makers.entries()) {
      const batch = new Batch(gl);
      const shape = make(batch);
      window.clear([0, 0, 0]);
      batch.draw();
      const inside = expectHitsMatchPixels(window, (x, y) => shape.containsPoint(x, y), colour, shape.constructor.name);
      expect(inside, `${n} covers some pixels`).toBeGreaterThan(20);
      shape.visible = false;
      expect(shape.containsPoint(shape.x, shape.y)).toBe(false);
      batch.delete();
    }
    expectNoGLError(gl);
    window.delete();
    canvas.remove();
  });
});
