// Losing and restoring a canvas's WebGL context on purpose (WEBGL_lose_context),
// for the hook's loseContext()/restoreContext() and the ?loseAt schedule. Each
// resolves one task after its event, so every listener the Window, the batches
// and the app added has run. <body> shows data-context (live, lost, restored)
// and data-losses, for tests that look at the page rather than the hook. A loss
// of a lost context, or a restore of a live one, would wait for an event that
// never comes: it throws TestModeError instead.
import { TestModeError } from './errors.ts';

/** The next `type` event on `target`, one task later (so nothing acts from inside the event). */
const nextEvent = (target: EventTarget, type: string): Promise<void> =>
  new Promise((resolve) => {
    target.addEventListener(type, () => setTimeout(resolve, 0), { once: true });
  });

export class ContextLoss {
  private readonly extension: WEBGL_lose_context | null;

  constructor(
    private readonly gl: WebGL2RenderingContext,
    private readonly canvas: HTMLCanvasElement,
  ) {
    // Asked for now: a lost context gives no extensions.
    this.extension = gl.getExtension('WEBGL_lose_context');
    const body = document.body.dataset;
    body.context = 'live';
    body.losses = '0';
    canvas.addEventListener('webglcontextlost', () => {
      body.context = 'lost';
      body.losses = String(Number(body.losses) + 1);
    });
    canvas.addEventListener('webglcontextrestored', () => {
      body.context = 'restored';
    });
  }

  lose(): Promise<void> {
    const extension = this.require();
    if (this.gl.isContextLost()) throw new TestModeError('loseContext: the context is lost already; restoreContext() first');
    const lost = nextEvent(this.canvas, 'webglcontextlost');
    extension.loseContext();
    return lost;
  }

  restore(): Promise<void> {
    const extension = this.require();
    if (!this.gl.isContextLost()) throw new TestModeError('restoreContext: the context is not lost; loseContext() first');
    const restored = nextEvent(this.canvas, 'webglcontextrestored');
    extension.restoreContext();
    return restored;
  }

  private require(): WEBGL_lose_context {
    if (!this.extension) throw new TestModeError('this browser cannot lose a WebGL context on purpose (no WEBGL_lose_context)');
    return this.extension;
  }
}
