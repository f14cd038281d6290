// Text: labels from the project-made pixel BMFont (loaded in each of its three forms) and from two
// fonts generated from CSS by CanvasFont, all on ONE atlas page (the Assets atlas, which the
// BMFont page is packed into and the canvas fonts are given), so the whole page is one draw call.
// It shows alignment in a box, pyglet's anchors, word wrap, multi-line text, colours and opacity,
// a turning label, and a score whose text changes every frame (only its glyphs are rewritten).
//
// Decisions:
// - The canvas fonts use generic families (sans-serif, monospace): their glyphs are whatever the
//   machine's fonts draw, so the e2e screenshot is of one machine's fonts (docs/guide.md, "Text").
// - ?seed=N picks the colours of the rainbow line; ?frames=N runs N ticks of 1/60 s (see
//   ../shared/run.ts), so the score and the turn are those of frame N.
import { Assets, Batch, BitmapFont, CanvasFont, Label, type TextAlign } from '@webglet/sprite';
import { hsv } from '../shared/color.ts';
import { createExample, reportGLErrors, run, start } from '../shared/run.ts';
import { setStat } from '../shared/stats.ts';

const BACKGROUND = [18, 22, 34] as const;
const WRAPPED =
  'Word wrap: this paragraph breaks between words to fit a 200 pixel box, and a new line starts here.\nA newline starts one too.';

start(() => {
  const example = createExample();
  const { window: view, random } = example;
  const assets = new Assets(view.gl, { atlas: { pageWidth: 512, pageHeight: 512, filter: 'nearest' } });
  Promise.all(
    ['../assets/pixel-font.fnt', '../assets/pixel-font.xml', '../assets/pixel-font.json'].map((url) => BitmapFont.load(assets, url)),
  )
    .then(([pixel, pixelXml, pixelJson]) => {
      const sans = new CanvasFont(view.gl, '18px sans-serif', { atlas: assets.atlas });
      const mono = new CanvasFont(view.gl, 'bold 14px monospace', { atlas: assets.atlas, characters: '0123456789' });
      const batch = new Batch(view.gl);
      const labels: Label[] = [];
      const add = (label: Label): Label => {
        labels.push(label);
        return label;
      };
      // Title: the text form, scaled 2 × about its centre.
      add(
        new Label(pixel!, {
          batch,
          text: 'WEBGLET TEXT',
          x: 240,
          y: 14,
          anchorX: 'center',
          anchorY: 'top',
          scale: 2,
          color: [255, 210, 90],
        }),
      );
      // Alignment in a 140-pixel box (the XML form), its edges marked by '|' labels.
      const aligns: TextAlign[] = ['left', 'center', 'right'];
      aligns.forEach((align, i) => {
        const y = 60 + i * 18;
        add(new Label(pixelXml!, { batch, text: `${align} aligned`, x: 20, y, width: 140, align, anchorY: 'top', color: [140, 220, 255] }));
        add(new Label(pixelXml!, { batch, text: '|', x: 14, y, anchorY: 'top', opacity: 120 }));
        add(new Label(pixelXml!, { batch, text: '|', x: 162, y, anchorY: 'top', opacity: 120 }));
      });
      // Anchors: each label's (x, y) is the same point, marked by a '+'.
      const anchors = [
        ['right', 'bottom'],
        ['left', 'top'],
      ] as const;
      for (const [anchorX, anchorY] of anchors) {
        add(new Label(pixelJson!, { batch, text: `${anchorX} ${anchorY}`, x: 330, y: 84, anchorX, anchorY, color: [180, 255, 160] }));
      }
      add(new Label(pixelJson!, { batch, text: '+', x: 330, y: 84, anchorX: 'center', anchorY: 'center', color: [255, 90, 90] }));
      // Word wrap and newlines, in a generated sans-serif font.
      add(new Label(sans, { batch, text: WRAPPED, x: 20, y: 130, width: 200, anchorY: 'top' }));
      // A rainbow of colours from the seed, and opacity.
      const rainbow = 'COLOURS AND OPACITY';
      let pen = 250;
      for (const [i, character] of [...rainbow].entries()) {
        const [r, g, b] = hsv(random(), 0.65, 1);
        if (character === ' ') {
          pen += 8;
          continue;
        }
        const label = add(
          new Label(pixel!, { batch, text: character, x: pen, y: 140, anchorY: 'top', color: [r, g, b], opacity: 255 - i * 8 }),
        );
        pen += label.contentWidth + 2;
      }
      // A turning label, and a score that changes every frame.
      const turning = add(
        new Label(sans, { batch, text: 'turning', x: 360, y: 240, anchorX: 'center', anchorY: 'center', color: [255, 160, 220] }),
      );
      add(new Label(pixel!, { batch, text: 'SCORE', x: 250, y: 300, anchorY: 'baseline', color: [255, 255, 255] }));
      const score = add(new Label(mono, { batch, text: '0', x: 460, y: 300, anchorX: 'right', anchorY: 'baseline', color: [255, 220, 0] }));
      add(new Label(mono, { batch, text: 'monospace, generated from CSS', x: 20, y: 340, anchorY: 'baseline', color: [150, 150, 170] }));
      setStat('labels', labels.length);
      setStat('pages', assets.atlas.pages.length);
      let tick = 0;
      run(example, (dt) => {
        tick++;
        turning.rotation += dt * 1.5;
        score.text = String(tick * 125);
        view.clear(BACKGROUND);
        batch.draw();
        const stats = batch.stats();
        setStat('frame', tick);
        setStat(
          'quads',
          labels.reduce((sum, label) => sum + label.vertexLists.reduce((n, list) => n + list.count / 4, 0), 0),
        );
        setStat('drawCalls', stats.drawCalls);
        setStat('bytesUploaded', stats.bytesUploaded);
      });
      reportGLErrors(view.gl, 'the first frame');
    })
    .catch((error: unknown) => console.error(error));
});
