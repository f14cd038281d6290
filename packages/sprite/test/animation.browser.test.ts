// Animations in a real WebGL2 context (SwiftShader): AnimatedSprites on an atlas page of solid-colour
// regions, played by a Clock ticked by hand, checked with readPixels (converted from readPixels'
// bottom-up rows), batch.stats() (draw calls, bytes uploaded) and gl.getError() after every test.
// The clocks rethrow what a callback threw, so a failing frame change fails its test. The steady
// frame is measured with the allocation probe of the sprite steady-frame tests.
import { Batch } from '@webglet/graphics';
import {
  createContext,
  EARLY_FRAMES,
  expectNoGLError,
  expectSteadyFrame,
  GRAPHICS_SOURCES,
  liveContexts,
  readBuffer,
  steadyFrameAllocations,
  type ProbeScope,
} from '../../graphics/test/gl-test-helpers.ts';
import { afterEach, describe, expect, it } from 'vitest';
import {
  allPixels,
  at,
  BLACK,
  BLUE,
  createScene as createBaseScene,
  GREEN,
  RED,
  render,
  solid,
  WHITE,
  YELLOW,
  type Scene as BaseScene,
} from './sprite-scene.ts';
import {
  AnimatedSprite,
  Animation,
  AnimationError,
  Clock,
  SpriteError,
  Texture,
  TextureAtlas,
  type AnimationFrame,
  type SpriteImage,
  type TextureRegion,
} from '../src/index.ts';

const COLOURS = [RED, GREEN, BLUE, YELLOW];
/** What a frame change uploads between frames of one size: the tex_coords of 4 vertices, the texture rectangle only. */
const FRAME_CHANGE_BYTES = 4 * 8;

afterEach(() => {
  for (const gl of liveContexts) if (!gl.isContextLost()) expectNoGLError(gl);
});

interface Scene extends BaseScene {
  clock: Clock;
  /** Red, green, blue and yellow 4 × 4 regions of one atlas page. */
  regions: TextureRegion[];
}

function createScene(width = 64, height = 64): Scene {
  const scene = createBaseScene(width, height);
  const atlas = new TextureAtlas(scene.gl, { pageWidth: 32, pageHeight: 32, filter: 'nearest' });
  const regions = COLOURS.map((colour) => atlas.add(solid(4, 4, colour)));
  const clock = new Clock({
    onError: (error) => {
      throw error;
    },
  });
  return { ...scene, clock, regions };
}

/** Red 0.25 s, green 0.5 s, blue 0.25 s (binary fractions: the ticks below add up exactly). */
const rgbFrames = ({ regions }: Scene): AnimationFrame[] => [
  { image: regions[0]!, duration: 0.25 },
  { image: regions[1]!, duration: 0.5 },
  { image: regions[2]!, duration: 0.25 },
];

/** The drawn colour of a 4 × 4 sprite at (x, y), sampled inside it. */
const colourOf = (scene: Scene, sprite: AnimatedSprite): number[] => at(scene, sprite.x + 1, sprite.y + 2);

describe('Animation', () => {
  it('keeps frozen copies of its frames, their total duration and whether it loops', () => {
    const scene = createScene();
    const frames = rgbFrames(scene);
    const animation = new Animation(frames);
    frames.pop();
    frames[0] = { image: scene.regions[3]!, duration: 9 };
    expect(animation.frames.map((frame) => [frame.image, frame.duration])).toEqual([
      [scene.regions[0], 0.25],
      [scene.regions[1], 0.5],
      [scene.regions[2], 0.25],
    ]);
    expect(Object.isFrozen(animation.frames)).toBe(true);
    expect(animation.frames.every((frame) => Object.isFrozen(frame))).toBe(true);
    expect(animation.duration).toBe(1);
    expect(animation.loop).toBe(true);
    expect(new Animation(rgbFrames(scene), false).loop).toBe(false);
  });

  it('fromImages shows every image for one duration; a whole Texture is an image too', () => {
    const scene = createScene();
    const texture = new Texture(scene.gl, solid(2, 2, WHITE));
    const animation = Animation.fromImages([scene.regions[0]!, texture], 0.125, false);
    expect(animation.frames.map((frame) => [frame.image, frame.duration])).toEqual([
      [scene.regions[0], 0.125],
      [texture, 0.125],
    ]);
    expect([animation.duration, animation.loop]).toEqual([0.25, false]);
  });
});

describe('AnimatedSprite plays on a clock', () => {
  it('advances with the clock: the pixels show each frame for its duration, then the first again (looping), in one draw call', () => {
    const scene = createScene();
    const loops: number[] = [];
    const sprite = new AnimatedSprite(new Animation(rgbFrames(scene)), {
      batch: scene.batch,
      clock: scene.clock,
      x: 10,
      y: 10,
      onLoop: () => loops.push(sprite.frameIndex),
    });
    // [tick, frame index after it, colour]
    const steps: [number, number, number[]][] = [
      [0, 0, RED],
      [0.125, 0, RED],
      [0.125, 1, GREEN],
      [0.25, 1, GREEN],
      [0.125, 1, GREEN],
      [0.125, 2, BLUE],
      [0.25, 0, RED],
      [0.25, 1, GREEN],
    ];
    for (const [dt, index, colour] of steps) {
      scene.clock.tick(dt);
      render(scene);
      expect([sprite.frameIndex, colourOf(scene, sprite)], `after ${scene.clock.time} s`).toEqual([index, colour]);
      expect(scene.batch.stats().drawCalls).toBe(1);
    }
    expect(at(scene, 15, 11)).toEqual(BLACK);
    expect(loops).toEqual([0]);
    expect(sprite.playing).toBe(true);
  });

  it('a frame change uploads 32 bytes, the texture rectangle only, in the same list; a tick without one uploads nothing', () => {
    const scene = createScene();
    const sprite = new AnimatedSprite(new Animation(rgbFrames(scene)), { batch: scene.batch, clock: scene.clock, x: 20, y: 30 });
    new AnimatedSprite(Animation.fromImages([scene.regions[3]!], 1), { batch: scene.batch, clock: scene.clock, x: 2, y: 2 });
    render(scene);
    const list = sprite.vertexList;
    scene.clock.tick(0.125);
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(0);
    scene.clock.tick(0.125);
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(FRAME_CHANGE_BYTES);
    expect(sprite.vertexList).toBe(list);
    expect(colourOf(scene, sprite)).toEqual(GREEN);
    expect(at(scene, 3, 3)).toEqual(YELLOW);
    // The GPU holds the green region's rectangle at the sprite's four corners.
    const { buffer, byteStride } = list.domain.attributes.get('tex_coords')!;
    const gpu = new Float32Array(readBuffer(scene.gl, buffer.buffer, list.start * byteStride, (list.start + 4) * byteStride).buffer);
    const { u0, v0, u1, v1 } = scene.regions[1]!;
    expect([...gpu]).toEqual([u0, v0, u1, v0, u0, v1, u1, v1].map(Math.fround));
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(0);
    // Two frames in a row with the same image: no write at all.
    sprite.pause();
    const same = new AnimatedSprite(Animation.fromImages([scene.regions[0]!, scene.regions[0]!], 0.5), {
      batch: scene.batch,
      clock: scene.clock,
    });
    render(scene);
    scene.clock.tick(0.5);
    render(scene);
    expect(same.frameIndex).toBe(1);
    expect(scene.batch.stats().bytesUploaded).toBe(0);
  });

  it('200 sprites on one atlas page, started at different frames, play in ONE draw call, each showing its own frame', () => {
    const scene = createScene(128, 128);
    const animation = Animation.fromImages(scene.regions, 0.25);
    const sprites = Array.from({ length: 200 }, (_, i) => {
      const sprite = new AnimatedSprite(animation, { batch: scene.batch, clock: scene.clock, x: (i % 20) * 6, y: Math.floor(i / 20) * 6 });
      sprite.frameIndex = i % 4;
      return sprite;
    });
    render(scene);
    for (let tick = 0; tick < 6; tick++) {
      scene.clock.tick(0.25);
      render(scene);
      expect(scene.batch.stats().drawCalls).toBe(1);
      expect(scene.batch.stats().bytesUploaded).toBe(200 * FRAME_CHANGE_BYTES);
      sprites.forEach((sprite, i) => {
        const index = (i + tick + 1) % 4;
        expect(sprite.frameIndex).toBe(index);
        expect(colourOf(scene, sprite), `sprite ${i} after tick ${tick}`).toEqual(COLOURS[index]);
      });
    }
  });

  it('pause holds the frame and the time into it; play goes on from there', () => {
    const scene = createScene();
    const sprite = new AnimatedSprite(new Animation(rgbFrames(scene)), { batch: scene.batch, clock: scene.clock });
    scene.clock.tick(0.125);
    sprite.pause();
    expect(sprite.playing).toBe(false);
    scene.clock.runFrames(100, 0.25);
    render(scene);
    expect([sprite.frameIndex, colourOf(scene, sprite)]).toEqual([0, RED]);
    sprite.play();
    sprite.play(); // playing already: nothing changes
    expect(sprite.playing).toBe(true);
    scene.clock.tick(0.0625);
    expect(sprite.frameIndex).toBe(0);
    scene.clock.tick(0.0625); // 0.25 s of the red frame, counting the 0.125 s before the pause
    render(scene);
    expect([sprite.frameIndex, colourOf(scene, sprite)]).toEqual([1, GREEN]);
  });

  it('playing: false in the options shows frame 0 until play()', () => {
    const scene = createScene();
    const sprite = new AnimatedSprite(new Animation(rgbFrames(scene)), { batch: scene.batch, clock: scene.clock, playing: false });
    scene.clock.tick(5);
    expect([sprite.playing, sprite.frameIndex]).toEqual([false, 0]);
    sprite.play();
    scene.clock.tick(0.25);
    expect(sprite.frameIndex).toBe(1);
  });

  it('speed scales clock time: 2 plays twice as fast, 0.5 half as fast, 0 holds the frame', () => {
    const scene = createScene();
    const animation = new Animation(rgbFrames(scene));
    const fast = new AnimatedSprite(animation, { batch: scene.batch, clock: scene.clock, speed: 2 });
    const slow = new AnimatedSprite(animation, { batch: scene.batch, clock: scene.clock, x: 10 });
    slow.speed = 0.5;
    const still = new AnimatedSprite(animation, { batch: scene.batch, clock: scene.clock, x: 20, speed: 0 });
    expect([fast.speed, slow.speed, still.speed]).toEqual([2, 0.5, 0]);
    scene.clock.tick(0.125); // fast: 0.25 s, red's whole time
    expect([fast.frameIndex, slow.frameIndex, still.frameIndex]).toEqual([1, 0, 0]);
    scene.clock.tick(0.375); // fast: 1 s, one whole loop; slow: 0.25 s
    render(scene);
    expect([fast.frameIndex, slow.frameIndex, still.frameIndex]).toEqual([0, 1, 0]);
    expect([colourOf(scene, fast), colourOf(scene, slow), colourOf(scene, still)]).toEqual([RED, GREEN, RED]);
    expect(still.playing).toBe(true);
  });

  it('frameIndex shows that frame from its start and calls nothing; playing or paused stays as it was', () => {
    const scene = createScene();
    let calls = 0;
    const sprite = new AnimatedSprite(new Animation(rgbFrames(scene), false), {
      batch: scene.batch,
      clock: scene.clock,
      onEnd: () => calls++,
    });
    render(scene);
    scene.clock.tick(0.125);
    sprite.frameIndex = 2;
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(FRAME_CHANGE_BYTES);
    expect([sprite.frameIndex, colourOf(scene, sprite), sprite.playing]).toEqual([2, BLUE, true]);
    scene.clock.tick(0.125); // half of blue's 0.25 s: the time before the jump does not count
    expect([sprite.frameIndex, sprite.playing, calls]).toEqual([2, true, 0]);
    sprite.pause();
    sprite.frameIndex = 1;
    render(scene);
    expect([sprite.frameIndex, colourOf(scene, sprite), sprite.playing, calls]).toEqual([1, GREEN, false, 0]);
    sprite.frameIndex = 1; // the frame shown: nothing to write
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(0);
  });

  it('a non-looping animation stops on its last frame after that frame has had its time, calls onEnd once, and play() starts it again', () => {
    const scene = createScene();
    const ends: [number, boolean][] = [];
    const sprite = new AnimatedSprite(new Animation(rgbFrames(scene), false), {
      batch: scene.batch,
      clock: scene.clock,
      onEnd: (ended) => ends.push([ended.frameIndex, ended.playing]),
      onLoop: () => {
        throw new Error('a non-looping animation does not loop');
      },
    });
    scene.clock.tick(0.75);
    render(scene);
    expect([sprite.frameIndex, colourOf(scene, sprite), sprite.playing, ends.length]).toEqual([2, BLUE, true, 0]);
    scene.clock.tick(0.25);
    expect([sprite.frameIndex, sprite.playing]).toEqual([2, false]);
    expect(ends).toEqual([[2, false]]);
    scene.clock.runFrames(20, 0.25);
    render(scene);
    expect(ends.length).toBe(1);
    expect(colourOf(scene, sprite)).toEqual(BLUE);
    expect(scene.batch.stats().bytesUploaded).toBe(0);
    sprite.play();
    render(scene);
    expect([sprite.frameIndex, colourOf(scene, sprite), sprite.playing]).toEqual([0, RED, true]);
    // One long tick past the end lands on the last frame and ends once.
    scene.clock.tick(60);
    render(scene);
    expect([sprite.frameIndex, colourOf(scene, sprite), sprite.playing]).toEqual([2, BLUE, false]);
    expect(ends).toEqual([
      [2, false],
      [2, false],
    ]);
  });

  it('a long tick over many cycles of a looping animation lands where the time says, and calls onLoop once', () => {
    const scene = createScene();
    let loops = 0;
    const sprite = new AnimatedSprite(new Animation(rgbFrames(scene)), {
      batch: scene.batch,
      clock: scene.clock,
      onLoop: () => loops++,
    });
    scene.clock.tick(1000.75); // 1000 cycles of 1 s, then red 0.25 s and green 0.5 s
    render(scene);
    expect([sprite.frameIndex, colourOf(scene, sprite), loops]).toEqual([2, BLUE, 1]);
    scene.clock.tick(1); // a whole cycle from blue's start: back to blue, through the end once
    expect([sprite.frameIndex, loops]).toEqual([2, 2]);
  });

  it("a frame on another texture moves the sprite to that texture's list (another draw call); back on the page it shares one again", () => {
    const scene = createScene();
    const other = new Texture(scene.gl, solid(4, 4, WHITE));
    const sprite = new AnimatedSprite(
      new Animation([
        { image: scene.regions[0]!, duration: 0.5 },
        { image: other, duration: 0.5 },
      ]),
      { batch: scene.batch, clock: scene.clock, x: 8, y: 8 },
    );
    new AnimatedSprite(Animation.fromImages([scene.regions[1]!], 1), { batch: scene.batch, clock: scene.clock, x: 20, y: 8 });
    const onPage = sprite.vertexList;
    scene.clock.tick(0.5);
    render(scene);
    expect(onPage.isDeleted).toBe(true);
    expect(sprite.vertexList.domain).not.toBe(onPage.domain);
    expect([colourOf(scene, sprite), at(scene, 21, 9), scene.batch.stats().drawCalls]).toEqual([WHITE, GREEN, 2]);
    scene.clock.tick(0.5);
    render(scene);
    expect(sprite.vertexList.domain).toBe(onPage.domain);
    expect([colourOf(scene, sprite), scene.batch.stats().drawCalls]).toEqual([RED, 1]);
  });

  it('animation = another shows its frame 0 from its start, playing as before', () => {
    const scene = createScene();
    const sprite = new AnimatedSprite(new Animation(rgbFrames(scene)), { batch: scene.batch, clock: scene.clock });
    scene.clock.tick(0.375);
    const yellowThenRed = Animation.fromImages([scene.regions[3]!, scene.regions[0]!], 0.25);
    sprite.animation = yellowThenRed;
    render(scene);
    expect([sprite.animation, sprite.frameIndex, colourOf(scene, sprite), sprite.playing]).toEqual([yellowThenRed, 0, YELLOW, true]);
    scene.clock.tick(0.25);
    render(scene);
    expect([sprite.frameIndex, colourOf(scene, sprite)]).toEqual([1, RED]);
  });

  it('delete() unschedules the sprite and frees its vertices; onEnd may delete it; later use throws', () => {
    const scene = createScene();
    const animation = new Animation(rgbFrames(scene), false);
    const keep = new AnimatedSprite(animation, { batch: scene.batch, clock: scene.clock, x: 30, y: 30 });
    const sprite = new AnimatedSprite(animation, { batch: scene.batch, clock: scene.clock, x: 10, y: 10 });
    const boom = new AnimatedSprite(animation, { batch: scene.batch, clock: scene.clock, x: 20, y: 20, onEnd: (s) => s.delete() });
    sprite.delete();
    scene.clock.runFrames(8, 0.25); // the clock would throw if a deleted sprite were still called
    render(scene);
    expect([sprite.isDeleted, boom.isDeleted, keep.isDeleted]).toEqual([true, true, false]);
    expect([at(scene, 11, 11), at(scene, 21, 21), colourOf(scene, keep)]).toEqual([BLACK, BLACK, BLUE]);
    for (const use of [
      () => sprite.frameIndex,
      () => {
        sprite.frameIndex = 0;
      },
      () => sprite.play(),
      () => sprite.pause(),
      () => sprite.playing,
      () => sprite.speed,
      () => {
        sprite.speed = 1;
      },
      () => sprite.animation,
      () => {
        sprite.animation = animation;
      },
      () => sprite.onEnd,
      () => {
        sprite.onLoop = null;
      },
      () => sprite.clock,
      () => sprite.delete(),
      () => sprite.x,
    ]) {
      let error: unknown;
      try {
        use();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SpriteError);
      expect([(error as SpriteError).argument, (error as SpriteError).value]).toEqual(['this', 'deleted']);
    }
  });

  it('a sprite whose batch was deleted keeps time without writing; given a live batch it shows the frame from the next change', () => {
    const scene = createScene();
    const old = new Batch(scene.gl);
    const sprite = new AnimatedSprite(new Animation(rgbFrames(scene)), { batch: old, clock: scene.clock, x: 4, y: 4 });
    old.delete();
    scene.clock.tick(0.25); // a frame change, not written (the clock rethrows any error)
    expect(sprite.frameIndex).toBe(1);
    expect(() => {
      sprite.frameIndex = 2; // the app's own change is refused, as any write to the sprite
    }).toThrow(SpriteError);
    expect(sprite.frameIndex).toBe(1);
    sprite.batch = scene.batch;
    scene.clock.tick(0.5);
    render(scene);
    expect([sprite.frameIndex, colourOf(scene, sprite)]).toEqual([2, BLUE]);
  });
});

/** The error `act` throws (fails if none). */
function thrown(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('bad input throws the typed error, naming the argument and the value, and changes nothing', () => {
  it('Animation and Animation.fromImages: AnimationError', () => {
    const scene = createScene();
    const red = scene.regions[0]!;
    const frames = rgbFrames(scene);
    const none: AnimationFrame[] = [];
    const noImages: SpriteImage[] = [];
    const cases: [string, unknown, () => unknown][] = [
      ['frames', none, () => new Animation(none)],
      ['frames', 'frames', () => new Animation('frames' as unknown as AnimationFrame[])],
      ['frames[1]', null, () => new Animation([frames[0]!, null as unknown as AnimationFrame])],
      ['frames[0].image', 'red.png', () => new Animation([{ image: 'red.png' as unknown as SpriteImage, duration: 1 }])],
      ['frames[2].duration', -1, () => new Animation([frames[0]!, frames[1]!, { image: red, duration: -1 }])],
      ['frames[0].duration', 0, () => new Animation([{ image: red, duration: 0 }])],
      ['frames[0].duration', NaN, () => new Animation([{ image: red, duration: NaN }])],
      ['frames[0].duration', Infinity, () => new Animation([{ image: red, duration: Infinity }])],
      ['frames[0].duration', '1', () => new Animation([{ image: red, duration: '1' as unknown as number }])],
      ['loop', 'yes', () => new Animation(frames, 'yes' as unknown as boolean)],
      ['images', noImages, () => Animation.fromImages(noImages, 1)],
      ['images[1]', undefined, () => Animation.fromImages([red, undefined as unknown as SpriteImage], 1)],
      ['duration', -0.5, () => Animation.fromImages([red], -0.5)],
      ['duration', Infinity, () => Animation.fromImages([red], Infinity)],
      ['loop', 1, () => Animation.fromImages([red], 1, 1 as unknown as boolean)],
    ];
    for (const [argument, value, make] of cases) {
      const error = thrown(make);
      expect(error, argument).toBeInstanceOf(AnimationError);
      expect((error as AnimationError).argument).toBe(argument);
      expect(Object.is((error as AnimationError).value, value), argument).toBe(true);
      expect((error as Error).message).toContain(argument);
    }
  });

  it('new AnimatedSprite: SpriteError, and nothing is added to the batch or scheduled on the clock', () => {
    const scene = createScene();
    const batch = new Batch(scene.gl);
    const animation = new Animation(rgbFrames(scene));
    const foreign = Animation.fromImages([scene.regions[0]!, new Texture(createContext(8, 8), solid(4, 4, RED))], 1);
    const doomed = new Texture(scene.gl, solid(4, 4, RED));
    const withDeleted = Animation.fromImages([scene.regions[0]!, doomed], 1);
    doomed.delete();
    const clock = scene.clock;
    const notAClock = { schedule: () => undefined };
    const cases: [string, unknown, () => unknown][] = [
      ['animation', scene.regions, () => new AnimatedSprite(scene.regions as unknown as Animation, { batch, clock })],
      ['options', null, () => new AnimatedSprite(animation, null as unknown as { batch: Batch; clock: Clock })],
      ['clock', undefined, () => new AnimatedSprite(animation, { batch } as { batch: Batch; clock: Clock })],
      ['clock', notAClock, () => new AnimatedSprite(animation, { batch, clock: notAClock as unknown as Clock })],
      ['speed', -1, () => new AnimatedSprite(animation, { batch, clock, speed: -1 })],
      ['speed', NaN, () => new AnimatedSprite(animation, { batch, clock, speed: NaN })],
      ['playing', 'no', () => new AnimatedSprite(animation, { batch, clock, playing: 'no' as unknown as boolean })],
      ['onEnd', 3, () => new AnimatedSprite(animation, { batch, clock, onEnd: 3 as unknown as null })],
      ['onLoop', 'loop', () => new AnimatedSprite(animation, { batch, clock, onLoop: 'loop' as unknown as null })],
      ['animation', foreign, () => new AnimatedSprite(foreign, { batch, clock })],
      ['animation', withDeleted, () => new AnimatedSprite(withDeleted, { batch, clock })],
      ['batch', undefined, () => new AnimatedSprite(animation, { clock } as { batch: Batch; clock: Clock })],
      ['x', NaN, () => new AnimatedSprite(animation, { batch, clock, x: NaN })],
    ];
    for (const [argument, value, make] of cases) {
      const error = thrown(make);
      expect(error, argument).toBeInstanceOf(SpriteError);
      expect((error as SpriteError).argument, argument).toBe(argument);
      expect(Object.is((error as SpriteError).value, value), argument).toBe(true);
      expect((error as Error).message).toContain(argument);
    }
    expect(batch.stats().domains.length).toBe(0);
    clock.tick(1); // nothing scheduled that could fail
  });

  type Act = (sprite: AnimatedSprite, bad: { foreign: Animation; withDeleted: Animation }) => unknown;
  const setters: [string, unknown, Act][] = [
    ['speed', NaN, (s) => (s.speed = NaN)],
    ['speed', -1, (s) => (s.speed = -1)],
    ['speed', Infinity, (s) => (s.speed = Infinity)],
    ['speed', '2', (s) => (s.speed = '2' as unknown as number)],
    ['frameIndex', -1, (s) => (s.frameIndex = -1)],
    ['frameIndex', 3, (s) => (s.frameIndex = 3)],
    ['frameIndex', 1.5, (s) => (s.frameIndex = 1.5)],
    ['frameIndex', NaN, (s) => (s.frameIndex = NaN)],
    ['frameIndex', '2', (s) => (s.frameIndex = '2' as unknown as number)],
    ['animation', null, (s) => (s.animation = null as unknown as Animation)],
    ['animation', 'foreign', (s, { foreign }) => (s.animation = foreign)],
    ['animation', 'withDeleted', (s, { withDeleted }) => (s.animation = withDeleted)],
    ['onEnd', 5, (s) => (s.onEnd = 5 as unknown as null)],
    ['onLoop', 'loop', (s) => (s.onLoop = 'loop' as unknown as null)],
  ];

  it.each(setters.map(([argument, value, act], i) => [i, argument, value, act] as const))(
    'case %i: %s = %s → SpriteError; frame, time into it, image, pixels unchanged',
    (_i, argument, value, act) => {
      const scene = createScene();
      const doomed = new Texture(scene.gl, solid(4, 4, RED));
      const bad = {
        foreign: Animation.fromImages([new Texture(createContext(8, 8), solid(4, 4, RED))], 1),
        withDeleted: Animation.fromImages([doomed], 1),
      };
      doomed.delete();
      const onEnd = (): void => undefined;
      const sprite = new AnimatedSprite(new Animation(rgbFrames(scene)), { batch: scene.batch, clock: scene.clock, x: 8, y: 8, onEnd });
      sprite.frameIndex = 1;
      scene.clock.tick(0.375); // 0.375 s into green's 0.5 s
      render(scene);
      const before = allPixels(scene);
      const state = (): unknown[] => [
        sprite.frameIndex,
        sprite.image,
        sprite.animation,
        sprite.speed,
        sprite.playing,
        sprite.onEnd,
        sprite.onLoop,
        sprite.vertexList,
        sprite.x,
        sprite.y,
      ];
      const stateBefore = state();
      const error = thrown(() => act(sprite, bad));
      expect(error).toBeInstanceOf(SpriteError);
      expect((error as SpriteError).argument).toBe(argument);
      const expected = value === 'foreign' ? bad.foreign : value === 'withDeleted' ? bad.withDeleted : value;
      expect(Object.is((error as SpriteError).value, expected)).toBe(true);
      expect(state()).toEqual(stateBefore);
      render(scene);
      expect(scene.batch.stats().bytesUploaded).toBe(0);
      expect(allPixels(scene)).toEqual(before);
      // The time into the frame is unchanged too: 0.125 s more ends green.
      scene.clock.tick(0.0625);
      expect(sprite.frameIndex).toBe(1);
      scene.clock.tick(0.0625);
      render(scene);
      expect([sprite.frameIndex, colourOf(scene, sprite)]).toEqual([2, BLUE]);
    },
  );
});

/** Allocations in the library only, under this file's frames. */
const LIBRARY_SCOPE: ProbeScope = {
  within: /\/test\/animation\.browser\.test\.ts/,
  sites: new RegExp(`${GRAPHICS_SOURCES.source}|/packages/sprite/src/`),
};
/** The library without the clock, whose fps window does arithmetic on doubles in every tick (boxed before V8 optimizes it). */
const ANIMATION_SCOPE: ProbeScope = {
  within: LIBRARY_SCOPE.within,
  sites: new RegExp(`${GRAPHICS_SOURCES.source}|/packages/sprite/src/(?!clock\\.ts)`),
};

describe('a steady frame of animated sprites', () => {
  it('200 sprites playing on a clock, ticked and drawn: nothing allocated by the animations early, nor in the library once optimized; frames still changing', async () => {
    const scene = createScene(128, 128);
    const looping = Animation.fromImages(scene.regions, 0.1);
    const once = new Animation(rgbFrames(scene), false);
    const sprites = Array.from({ length: 200 }, (_, i) => {
      const sprite = new AnimatedSprite(i % 10 === 0 ? once : looping, {
        batch: scene.batch,
        clock: scene.clock,
        x: (i % 20) * 6,
        y: Math.floor(i / 20) * 6,
        speed: 0.5 + (i % 3) * 0.5,
        // Non-looping ones start again when they end: play() and a frame change inside the tick.
        onEnd: (sprite) => sprite.play(),
      });
      sprite.frameIndex = i % sprite.animation.frames.length;
      return sprite;
    });
    let changes = 0;
    sprites[1]!.onLoop = () => changes++;
    const frame = (): void => {
      scene.clock.tick(1 / 60);
      scene.batch.draw();
    };
    // The frame changes, the sprites' image writes and the draw allocate nothing from the first frames on.
    expectSteadyFrame(await steadyFrameAllocations(frame, ANIMATION_SCOPE, EARLY_FRAMES));
    expectSteadyFrame(await steadyFrameAllocations(frame, LIBRARY_SCOPE, { warmUpFrames: 5_000 }));
    expect(changes).toBeGreaterThan(100);
    // Still playing: some frame changed in the last ten ticks, each change 32 bytes, all in one draw call.
    let uploaded = 0;
    for (let i = 0; i < 10; i++) {
      frame();
      uploaded += scene.batch.stats().bytesUploaded;
      expect(scene.batch.stats().drawCalls).toBe(1);
    }
    expect(uploaded).toBeGreaterThan(0);
    expect(uploaded % FRAME_CHANGE_BYTES).toBe(0);
    render(scene);
    sprites.slice(0, 20).forEach((sprite, i) => {
      const image = sprite.animation.frames[sprite.frameIndex]!.image as TextureRegion;
      expect(colourOf(scene, sprite), `sprite ${i}`).toEqual(COLOURS[scene.regions.indexOf(image)]);
    });
    expectNoGLError(scene.gl);
  }, 120_000);
});
