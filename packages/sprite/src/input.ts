/**
 * Input: a Window's pointer and keyboard events, in the window's coordinates (CSS pixels from the
 * canvas's top-left, y down, at any pixel ratio or CSS scale of the canvas), and which keys are
 * held (pyglet's KeyStateHandler).
 *
 * Invariants: listeners go on the canvas (pointer, wheel, keys, blur) and the page (blur), keys on
 * `document` instead when asked for; `delete()` removes every one of them. A blur or a lost focus releases every held
 * key, so none stays down when the key-up went elsewhere. A bad argument throws InputError naming
 * it. What was decided and why: docs/decisions.md, "Input".
 */
import { InputError } from './errors.ts';
import { Window } from './window.ts';

/** A pointer event in window coordinates. */
export interface PointerInfo {
  readonly type: 'down' | 'up' | 'move' | 'wheel';
  /** CSS pixels from the canvas's left and top edges. */
  readonly x: number;
  readonly y: number;
  /** The button that changed (0 main, 1 middle, 2 secondary; -1 for move and wheel) and those held, as DOM's. */
  readonly button: number;
  readonly buttons: number;
  readonly pointerId: number;
  readonly pointerType: string;
  /** Wheel only (0 otherwise): the scroll in CSS pixels (lines and pages are converted). */
  readonly deltaX: number;
  readonly deltaY: number;
  readonly shiftKey: boolean;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
}

/** A key event: `key` is what it types ('a', 'A', 'Enter'), `code` the physical key ('KeyA'). */
export interface KeyInfo {
  readonly type: 'down' | 'up';
  readonly key: string;
  readonly code: string;
  readonly repeat: boolean;
  readonly shiftKey: boolean;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
}

export type PointerListener = (event: PointerInfo) => void;
export type KeyListener = (event: KeyInfo) => void;

export interface InputOptions {
  /** Where key events are heard: the canvas (default; it is made focusable) or the whole document. */
  keyboard?: 'canvas' | 'document';
  /**
   * Keep the page out of the game (default true): preventDefault on wheel and on keys (not on Tab
   * or Ctrl/Cmd shortcuts), and `touch-action: none` on the canvas unless it has one.
   */
  preventDefault?: boolean;
}

/** Pixels a wheel line and a wheel page count for (DOM_DELTA_LINE, DOM_DELTA_PAGE). */
const LINE = 16;

/**
 * A window's pointer and key events, and the keys held.
 *
 * @example
 * ```ts
 * const input = new Input(window);
 * input.onPointer((event) => {
 *   if (event.type === 'down' && hero.containsPoint(event.x, event.y)) hero.opacity = 128;
 * });
 * new Clock().start((dt) => {
 *   if (input.isDown('ArrowRight')) hero.x += 120 * dt; // by `code`, whatever the layout
 * });
 * ```
 */
export class Input {
  readonly window: Window;
  private readonly canvas: HTMLCanvasElement;
  private readonly keyTarget: EventTarget;
  private readonly prevent: boolean;
  private readonly pointerListeners = new Set<PointerListener>();
  private readonly keyListeners = new Set<KeyListener>();
  private readonly held = new Set<string>();
  private deleted = false;

  private readonly onPointerEvent = (event: PointerEvent): void => {
    const type = event.type === 'pointerdown' ? 'down' : event.type === 'pointerup' ? 'up' : 'move';
    this.emitPointer(event, type, type === 'move' ? -1 : event.button, 0, 0);
  };
  private readonly onWheelEvent = (event: WheelEvent): void => {
    if (this.window.isDeleted) return; // its window is gone: no page height to count in
    const unit = event.deltaMode === 1 ? LINE : event.deltaMode === 2 ? this.window.height : 1;
    this.emitPointer(event, 'wheel', -1, event.deltaX * unit, event.deltaY * unit);
  };
  private readonly onKeyEvent = (event: KeyboardEvent): void => {
    const down = event.type === 'keydown';
    if (down) this.held.add(event.code);
    else this.held.delete(event.code);
    // Tab and the browser's shortcuts keep working: a game owns its keys, not the page's focus or menus.
    if (this.prevent && event.key !== 'Tab' && !event.ctrlKey && !event.metaKey) event.preventDefault();
    const info: KeyInfo = {
      type: down ? 'down' : 'up',
      key: event.key,
      code: event.code,
      repeat: event.repeat,
      shiftKey: event.shiftKey,
      ctrlKey: event.ctrlKey,
      altKey: event.altKey,
      metaKey: event.metaKey,
    };
    for (const listener of this.keyListeners) listener(info);
  };
  private readonly onBlur = (): void => this.held.clear();

  constructor(window: Window, options: InputOptions = {}) {
    if (!(window instanceof Window)) throw new InputError('window', window, `Input: window must be a Window, got ${String(window)}`);
    if (window.isDeleted) throw new InputError('window', window, 'Input: the window was deleted');
    if (typeof options !== 'object' || options === null) {
      throw new InputError('options', options, `Input: options must be an object, got ${String(options)}`);
    }
    const { keyboard = 'canvas', preventDefault = true } = options;
    if (keyboard !== 'canvas' && keyboard !== 'document') {
      throw new InputError('keyboard', keyboard, `Input: keyboard must be 'canvas' or 'document', got ${String(keyboard)}`);
    }
    if (typeof preventDefault !== 'boolean') {
      throw new InputError('preventDefault', preventDefault, `Input: preventDefault must be a boolean, got ${String(preventDefault)}`);
    }
    this.window = window;
    this.canvas = window.canvas;
    this.prevent = preventDefault;
    // A canvas takes key events only when it can hold the focus.
    if (keyboard === 'canvas' && !this.canvas.hasAttribute('tabindex')) this.canvas.tabIndex = 0;
    // Touches drive the game instead of panning or zooming the page (PixiJS does the same).
    if (this.prevent && this.canvas.style.touchAction === '') this.canvas.style.touchAction = 'none';
    this.keyTarget = keyboard === 'canvas' ? this.canvas : document;
    this.listen(true);
  }

  /** `fn(event)` for every pointer down, up, move and wheel on the canvas; returns the unsubscribe function. */
  onPointer(fn: PointerListener): () => void {
    return this.subscribe('onPointer', this.pointerListeners, fn);
  }

  /** `fn(event)` for every key down (repeats included) and up; returns the unsubscribe function. */
  onKey(fn: KeyListener): () => void {
    return this.subscribe('onKey', this.keyListeners, fn);
  }

  /** Whether the key with this `code` ('KeyA', 'ArrowLeft', 'Space') is held now. */
  isDown(code: string): boolean {
    this.checkLive('isDown');
    if (typeof code !== 'string')
      throw new InputError('code', code, `Input.isDown: code must be a string such as 'KeyA', got ${String(code)}`);
    return this.held.has(code);
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  /** Removes every listener it added; later calls throw. */
  delete(): void {
    this.checkLive('delete');
    this.listen(false);
    this.pointerListeners.clear();
    this.keyListeners.clear();
    this.held.clear();
    this.deleted = true;
  }

  private listen(on: boolean): void {
    const change = on ? 'addEventListener' : 'removeEventListener';
    for (const type of ['pointerdown', 'pointerup', 'pointermove']) this.canvas[change](type, this.onPointerEvent as EventListener);
    // Not passive: preventDefault must be able to stop the page scrolling.
    this.canvas[change]('wheel', this.onWheelEvent as EventListener, { passive: false } as AddEventListenerOptions);
    for (const type of ['keydown', 'keyup']) this.keyTarget[change](type, this.onKeyEvent as EventListener);
    this.canvas[change]('blur', this.onBlur);
    globalThis[change]('blur', this.onBlur);
  }

  private emitPointer(event: PointerEvent | WheelEvent, type: PointerInfo['type'], button: number, deltaX: number, deltaY: number): void {
    if (this.window.isDeleted) return; // its window is gone: nothing to measure against
    // Only the wheel's default (scrolling) is stopped; touch panning is off through touch-action, and
    // a click still focuses the canvas, so keys follow it.
    if (this.prevent && type === 'wheel') event.preventDefault();
    // From the border box on screen (CSS transforms included) to the canvas's layout pixels, less
    // its border, then to the window's size, which a stretching style may differ from.
    const canvas = this.canvas;
    const rect = canvas.getBoundingClientRect();
    const scaleX = canvas.offsetWidth > 0 ? rect.width / canvas.offsetWidth : 1,
      scaleY = canvas.offsetHeight > 0 ? rect.height / canvas.offsetHeight : 1;
    const layoutX = (event.clientX - rect.left) / scaleX - canvas.clientLeft,
      layoutY = (event.clientY - rect.top) / scaleY - canvas.clientTop;
    const x = canvas.clientWidth > 0 ? (layoutX * this.window.width) / canvas.clientWidth : layoutX;
    const y = canvas.clientHeight > 0 ? (layoutY * this.window.height) / canvas.clientHeight : layoutY;
    const pointer = event as PointerEvent;
    const info: PointerInfo = {
      type,
      x,
      y,
      button,
      buttons: event.buttons,
      pointerId: pointer.pointerId ?? 1,
      pointerType: pointer.pointerType ?? 'mouse',
      deltaX,
      deltaY,
      shiftKey: event.shiftKey,
      ctrlKey: event.ctrlKey,
      altKey: event.altKey,
      metaKey: event.metaKey,
    };
    for (const listener of this.pointerListeners) listener(info);
  }

  private subscribe<T>(method: string, set: Set<T>, fn: T): () => void {
    this.checkLive(method);
    if (typeof fn !== 'function') throw new InputError('fn', fn, `Input.${method}: fn must be a function, got ${String(fn)}`);
    set.add(fn);
    return () => void set.delete(fn);
  }

  private checkLive(method: string): void {
    if (this.deleted) throw new InputError('this', 'deleted', `Input.${method}: the input was deleted`);
  }
}
