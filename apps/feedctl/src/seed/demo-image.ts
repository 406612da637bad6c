import sharp from 'sharp';
import { pick, randomInt, seededRandom, type Random } from './random';

/** What one demo photo looks like: its size and the seed of its pattern and colours. */
export interface DemoImageSpec {
  width: number;
  height: number;
  /** Everything else (pattern, colours, positions) follows from it. */
  seed: number;
}

/** A few hundred pixels, in the aspect ratios phones produce; the api crops the squares. */
export const DEMO_IMAGE_SIZES: readonly (readonly [number, number])[] = [
  [640, 640],
  [720, 540],
  [540, 720],
  [800, 600],
  [600, 800],
];

const PATTERNS = ['circles', 'stripes', 'rings', 'tiles', 'waves'] as const;
export type DemoPattern = (typeof PATTERNS)[number];

/**
 * A JPEG of an abstract picture: a gradient under a pattern of shapes, different for every seed.
 * Drawn as SVG and rendered by sharp (librsvg). No text: glyphs depend on the fonts a machine has,
 * and a demo photo should look the same everywhere.
 */
export function demoImage(spec: DemoImageSpec): Promise<Buffer> {
  return sharp(Buffer.from(demoSvg(spec)))
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** The SVG behind demoImage (pure: same spec, same text). */
export function demoSvg({ width: w, height: h, seed }: DemoImageSpec): string {
  const random = seededRandom(seed);
  const hue = randomInt(random, 0, 359);
  const pattern = pick(random, PATTERNS);
  const angle = randomInt(random, 0, 359);
  const shapes = drawPattern(pattern, random, w, h, hue);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    '<defs>',
    `<linearGradient id="bg" gradientTransform="rotate(${angle} 0.5 0.5)">`,
    `<stop offset="0" stop-color="${hsl(hue, 65, 58)}"/>`,
    `<stop offset="1" stop-color="${hsl(hue + randomInt(random, 60, 180), 60, 30)}"/>`,
    '</linearGradient>',
    '<radialGradient id="vignette" r="0.75">',
    '<stop offset="0.55" stop-color="#000" stop-opacity="0"/>',
    '<stop offset="1" stop-color="#000" stop-opacity="0.45"/>',
    '</radialGradient>',
    '</defs>',
    `<rect width="${w}" height="${h}" fill="url(#bg)"/>`,
    ...shapes,
    `<rect width="${w}" height="${h}" fill="url(#vignette)"/>`,
    '</svg>',
  ].join('');
}

function drawPattern(
  pattern: DemoPattern,
  random: Random,
  w: number,
  h: number,
  hue: number,
): string[] {
  const colour = () =>
    hsl(hue + randomInt(random, -90, 90), randomInt(random, 45, 90), randomInt(random, 35, 80));
  const opacity = () => (0.25 + random() * 0.55).toFixed(2);
  const x = () => round(random() * w);
  const y = () => round(random() * h);
  const side = Math.min(w, h);
  switch (pattern) {
    case 'circles':
      return times(randomInt(random, 5, 14), () => {
        const r = round(side * (0.04 + random() * 0.25));
        return `<circle cx="${x()}" cy="${y()}" r="${r}" fill="${colour()}" fill-opacity="${opacity()}"/>`;
      });
    case 'stripes': {
      const band = round(side * (0.04 + random() * 0.08));
      const tilt = randomInt(random, -60, 60);
      const n = Math.ceil((2 * Math.max(w, h)) / band);
      const stripes = times(n, (i) =>
        i % 2 === 0
          ? `<rect x="${round(-w / 2 + i * band)}" y="${-h}" width="${band}" height="${3 * h}" fill="${colour()}" fill-opacity="${opacity()}"/>`
          : '',
      );
      return [`<g transform="rotate(${tilt} ${w / 2} ${h / 2})">`, ...stripes, '</g>'];
    }
    case 'rings': {
      const [cx, cy] = [x(), y()];
      const step = round(side * (0.03 + random() * 0.05));
      return times(randomInt(random, 6, 16), (i) => {
        const stroke = round(step * (0.3 + random() * 0.6));
        return `<circle cx="${cx}" cy="${cy}" r="${step * (i + 1)}" fill="none" stroke="${colour()}" stroke-width="${stroke}" stroke-opacity="${opacity()}"/>`;
      });
    }
    case 'tiles': {
      const cols = randomInt(random, 3, 8);
      const size = w / cols;
      const rows = Math.ceil(h / size);
      return times(cols * rows, (i) => {
        if (random() < 0.35) return '';
        const inset = round(size * random() * 0.2);
        const [tx, ty] = [(i % cols) * size + inset, Math.floor(i / cols) * size + inset];
        const s = round(size - 2 * inset);
        return `<rect x="${round(tx)}" y="${round(ty)}" width="${s}" height="${s}" rx="${round(s * random() * 0.5)}" fill="${colour()}" fill-opacity="${opacity()}"/>`;
      });
    }
    case 'waves':
      return times(randomInt(random, 4, 9), () => {
        const base = y();
        const amplitude = round(h * (0.03 + random() * 0.12));
        const wave = round(w / randomInt(random, 1, 4));
        // One quadratic arc, then smooth ones: each mirrors the last, so the line swings up and down.
        let d = `M0 ${base} q${round(wave / 2)} ${-amplitude} ${wave} 0`;
        for (let px = wave; px < w; px += wave) d += ` t${wave} 0`;
        return `<path d="${d}" fill="none" stroke="${colour()}" stroke-width="${round(amplitude * 0.6 + 4)}" stroke-opacity="${opacity()}" stroke-linecap="round"/>`;
      });
  }
}

const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const round = (v: number): number => Math.round(v * 10) / 10;
const hsl = (h: number, s: number, l: number): string =>
  `hsl(${((Math.round(h) % 360) + 360) % 360},${s}%,${l}%)`;
