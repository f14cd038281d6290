// Debug mode for GL calls: a Proxy over a WebGL2 context that checks gl.getError() after every
// method call and reports a non-NO_ERROR result as a GLCallError naming the call, its arguments
// and the GL error.

/** A GL call that set a GL error flag. Not an argument error of ours: GL refused the call. */
export class GLCallError extends Error {
  /** The context method, e.g. 'bufferSubData'. */
  readonly call: string;
  /** A short printable summary of the arguments, e.g. '34962, 4096, Float32Array(12)'. */
  readonly args: string;
  /** The GL error enum, e.g. gl.INVALID_VALUE. */
  readonly error: GLenum;
  /** Its name, e.g. 'INVALID_VALUE'. */
  readonly errorName: string;
  constructor(call: string, args: string, error: GLenum, errorName: string) {
    super(`gl.${call}(${args}) failed with ${errorName} (0x${error.toString(16)})`);
    this.name = new.target.name;
    this.call = call;
    this.args = args;
    this.error = error;
    this.errorName = errorName;
  }
}

export interface DebugContextOptions {
  /** 'throw' (the default) throws the GLCallError; 'log' passes it to console.error and goes on. */
  onError?: 'throw' | 'log';
}

const NO_ERROR = 0;
const CONTEXT_LOST_WEBGL = 0x9242;
const ERROR_NAMES: Readonly<Record<number, string>> = {
  0x0500: 'INVALID_ENUM',
  0x0501: 'INVALID_VALUE',
  0x0502: 'INVALID_OPERATION',
  0x0505: 'OUT_OF_MEMORY',
  0x0506: 'INVALID_FRAMEBUFFER_OPERATION',
  [CONTEXT_LOST_WEBGL]: 'CONTEXT_LOST_WEBGL',
};

/** The name of a GL error enum, or its hex value. */
export function glErrorName(error: GLenum): string {
  return error === NO_ERROR ? 'NO_ERROR' : (ERROR_NAMES[error] ?? `0x${error.toString(16)}`);
}

function describeArg(value: unknown): string {
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 32 ? `${value.slice(0, 32)}…` : value);
  if (ArrayBuffer.isView(value)) {
    const length = 'length' in value ? (value as unknown as { length: number }).length : value.byteLength;
    return `${value.constructor.name}(${length})`;
  }
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (typeof value === 'object') return value.constructor.name;
  return typeof value;
}

/** A short printable summary of call arguments. */
export function describeArgs(args: readonly unknown[]): string {
  return args.map(describeArg).join(', ');
}

const debugContexts = new WeakSet<object>();

/** Whether `gl` was made by debugContext (GLState checks what it skips against GL there). */
export function isDebugContext(gl: WebGL2RenderingContext): boolean {
  return debugContexts.has(gl);
}

/**
 * A context that behaves as `gl` but checks `gl.getError()` after every method call. A call that
 * sets an error flag throws (or, with `onError: 'log'`, logs) a GLCallError naming the call, its
 * arguments and the error. Non-function properties (constants, canvas, drawingBufferWidth) read
 * through to `gl`; methods are bound to `gl` and wrapped once per name, then cached.
 *
 * Errors are not swallowed: each error flag the wrapper reads is kept, as GL would keep it, and the
 * wrapped `getError()` hands those back first (one per call, oldest first) before asking GL. So code
 * that checks getError itself still sees the error, in either mode. CONTEXT_LOST_WEBGL is kept the
 * same way but is not reported as a call error. Errors set by calls made on the raw context between
 * wrapped calls are attributed to the next wrapped call. Extension objects from getExtension are not
 * wrapped.
 */
export function debugContext(gl: WebGL2RenderingContext, options: DebugContextOptions = {}): WebGL2RenderingContext {
  const log = options.onError === 'log';
  const pending: GLenum[] = [];
  const realGetError = gl.getError.bind(gl);
  const wrapped = new Map<PropertyKey, unknown>();

  const getError = (): GLenum => pending.shift() ?? realGetError();
  wrapped.set('getError', getError);

  function wrap(name: string, method: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
    return (...args: unknown[]): unknown => {
      const result = method.apply(gl, args);
      const error = realGetError();
      if (error !== NO_ERROR) {
        if (!pending.includes(error)) pending.push(error);
        if (error !== CONTEXT_LOST_WEBGL) {
          const failure = new GLCallError(name, describeArgs(args), error, glErrorName(error));
          if (!log) throw failure;
          console.error(failure);
        }
      }
      return result;
    };
  }

  const proxy = new Proxy(gl, {
    get(target, property) {
      const cached = wrapped.get(property);
      if (cached !== undefined) return cached;
      // Read with the real context as receiver: the getters (canvas, drawingBufferWidth) need it.
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const fn = wrap(String(property), value as (...args: unknown[]) => unknown);
      wrapped.set(property, fn);
      return fn;
    },
  });
  debugContexts.add(proxy);
  return proxy;
}
