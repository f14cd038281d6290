/**
 * Assets: images loaded by URL (pyglet's `resource`, PixiJS's `Assets`), either packed into the
 * pages of one TextureAtlas, so that sprites of many images share draw calls, or each made into a
 * Texture of its own. Loads are cached by absolute URL: the same URL gives the same promise, and
 * so the same region or texture.
 *
 * Invariants: a load that fails (HTTP status, undecodable bytes, a lost context) rejects with an
 * AssetError naming the URL and the reason, leaves the atlas as it was and is dropped from the
 * cache, so a later call tries again. Images are decoded with straight alpha and kept by the
 * texture they went into, which re-reads them after a lost context.
 */
import { AssetError } from './errors.ts';
import { Texture, type TextureOptions, type TextureRegion } from './texture.ts';
import { TextureAtlas, type TextureAtlasOptions } from './texture-atlas.ts';

export interface AssetsOptions {
  /** The pages images are packed into (see TextureAtlas); default 1024 × 1024, padding 1, 'linear'. */
  atlas?: TextureAtlasOptions;
  /** What fetches a URL; default the page's `fetch`. */
  fetch?: (url: string) => Promise<Response>;
}

/** Called after each image of a list has loaded, or failed: how many are done, of how many. */
export type ProgressListener = (done: number, total: number) => void;

/**
 * Loads images by URL into atlas pages or textures of one WebGL2 context.
 *
 * @example
 * ```ts
 * const assets = new Assets(window.gl, { atlas: { filter: 'nearest' } });
 * const [hero, coin] = await assets.loadAll(['hero.png', 'coin.png'], (done, total) => bar.set(done / total));
 * new Sprite(hero, { batch, x: 100, y: 100 }); // hero and coin share a page and a draw call
 * const sky = await assets.texture('sky.png'); // a texture of its own
 * ```
 */
export class Assets {
  readonly gl: WebGL2RenderingContext;
  /** The atlas `image()` packs into (its pages open as images need them). */
  readonly atlas: TextureAtlas;
  private readonly fetcher: (url: string) => Promise<Response>;
  private readonly images = new Map<string, Promise<TextureRegion>>();
  private readonly textures = new Map<string, Promise<Texture>>();

  constructor(gl: WebGL2RenderingContext, options: AssetsOptions = {}) {
    if (typeof WebGL2RenderingContext === 'undefined' || !(gl instanceof WebGL2RenderingContext)) {
      throw new AssetError('gl', gl, `Assets: gl must be a WebGL2RenderingContext, got ${String(gl)}`);
    }
    if (typeof options !== 'object' || options === null) {
      throw new AssetError('options', options, `Assets: options must be an object, got ${String(options)}`);
    }
    const { atlas = {}, fetch: fetcher = (url: string) => globalThis.fetch(url) } = options;
    if (typeof fetcher !== 'function') throw new AssetError('fetch', fetcher, `Assets: fetch must be a function, got ${String(fetcher)}`);
    this.atlas = new TextureAtlas(gl, atlas);
    this.gl = gl;
    this.fetcher = fetcher;
  }

  /**
   * The image at `url`, packed into a page of the atlas; an image larger than a page gets a
   * texture of its own, and its whole region. The same URL gives the same promise.
   */
  image(url: string): Promise<TextureRegion> {
    const key = absolute('image', url);
    return cached(this.images, key, async () => {
      const bitmap = await this.decode(key);
      const { atlas } = this;
      if (bitmap.width > atlas.pageWidth || bitmap.height > atlas.pageHeight)
        return this.upload(key, bitmap, { filter: atlas.filter }).fullRegion;
      this.checkContext(key);
      return atlas.add(bitmap);
    });
  }

  /** The image at `url` as a texture of its own. The same URL gives the same promise (the first call's options apply). */
  texture(url: string, options: TextureOptions = {}): Promise<Texture> {
    const key = absolute('texture', url);
    return cached(this.textures, key, async () => this.upload(key, await this.decode(key), options));
  }

  /**
   * Every image of `urls` into the atlas (see image()), in order; `onProgress` is called after
   * each one settles. Rejects with the first failure, once every load has settled.
   */
  async loadAll(urls: readonly string[], onProgress?: ProgressListener): Promise<TextureRegion[]> {
    if (!Array.isArray(urls)) throw new AssetError('urls', urls, `Assets.loadAll: urls must be an array of strings, got ${String(urls)}`);
    if (onProgress !== undefined && typeof onProgress !== 'function') {
      throw new AssetError('onProgress', onProgress, `Assets.loadAll: onProgress must be a function, got ${String(onProgress)}`);
    }
    for (const url of urls) absolute('loadAll', url); // every URL checked before any is fetched
    let done = 0;
    const settled = await Promise.allSettled(
      urls.map((url) =>
        this.image(url).finally(() => {
          done++;
          onProgress?.(done, urls.length);
        }),
      ),
    );
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((result) => (result as PromiseFulfilledResult<TextureRegion>).value);
  }

  /** Fetches and decodes `url` with straight alpha, or rejects with an AssetError saying why. */
  private async decode(url: string): Promise<ImageBitmap> {
    let response: Response;
    try {
      response = await this.fetcher(url);
    } catch (error) {
      throw new AssetError('url', url, `Assets: fetching ${url} failed: ${String(error)}`, 'network');
    }
    if (!response.ok) throw new AssetError('url', url, `Assets: ${url} answered HTTP ${response.status}`, 'http', response.status);
    const blob = await response.blob();
    try {
      return await createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
    } catch (error) {
      throw new AssetError(
        'url',
        url,
        `Assets: ${url} is not an image the browser can decode (${blob.type || 'no type'}): ${String(error)}`,
        'decode',
      );
    }
  }

  private upload(url: string, bitmap: ImageBitmap, options: TextureOptions): Texture {
    this.checkContext(url);
    return new Texture(this.gl, bitmap, options);
  }

  private checkContext(url: string): void {
    if (this.gl.isContextLost()) throw new AssetError('url', url, `Assets: the WebGL context was lost while ${url} loaded`, 'context-lost');
  }
}

/** `url` made absolute against the page, so two spellings of one file share a cache entry. */
function absolute(method: string, url: unknown): string {
  if (typeof url !== 'string' || url === '')
    throw new AssetError('url', url, `Assets.${method}: url must be a non-empty string, got ${String(url)}`);
  try {
    return new URL(url, globalThis.document?.baseURI ?? globalThis.location?.href).href;
  } catch {
    throw new AssetError('url', url, `Assets.${method}: ${url} is not a URL`);
  }
}

/** The cached promise of `key`, or a new one from `load`; a rejected one leaves the cache. */
function cached<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  const known = cache.get(key);
  if (known) return known;
  const promise = load();
  cache.set(key, promise);
  promise.catch(() => {
    if (cache.get(key) === promise) cache.delete(key);
  });
  return promise;
}
