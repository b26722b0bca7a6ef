import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

// Every page loads the same few files: our CSS, JS and favicon, Pico's stylesheet and the two
// weights of Atkinson Hyperlegible the stylesheet names. They are read once when the app is
// built and each is compressed once, at the highest settings (it costs a fraction of a second,
// once per process), so serving them never compresses anything.

type Encoding = 'br' | 'gzip';

interface Asset {
  body: Buffer;
  type: string;
  /** Text compresses; woff2 is brotli inside already. */
  compressible: boolean;
  etag: string;
  cacheControl: string;
}

const dir = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const OURS = dir('./static');
const PICO = dir('../../node_modules/@picocss/pico/css/pico.min.css');
const FONTS = dir('../../node_modules/@fontsource/atkinson-hyperlegible/files');

const DAY = 86400;
const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

function asset(path: string, maxAge: number): Asset {
  const body = readFileSync(path);
  const type = TYPES[extname(path)];
  if (!type) throw new Error(`No content type for static file ${path}`);
  return {
    body,
    type,
    compressible: !type.startsWith('font/'),
    // Weak: the br, gzip and plain bodies all carry the same tag, as the same file.
    etag: `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    cacheControl: `public, max-age=${maxAge}`,
  };
}

/** The files served under /static/, by their path there. Fonts: only those app.css asks for. */
export function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(OURS)) if (TYPES[extname(name)]) assets.set(name, asset(join(OURS, name), DAY));
  assets.set('pico.min.css', asset(PICO, DAY));
  const css = readFileSync(join(OURS, 'app.css'), 'utf8');
  // A font's bytes never change under its name, so it may be kept for a month.
  for (const [, name = ''] of css.matchAll(/url\('\/static\/fonts\/([\w.-]+\.woff2)'\)/g)) assets.set(`fonts/${name}`, asset(join(FONTS, name), 30 * DAY));
  return assets;
}

const compressors: Record<Encoding, (body: Buffer) => Promise<Buffer>> = {
  br: (body) => promisify(brotliCompress)(body, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
  gzip: (body) => promisify(gzip)(body, { level: constants.Z_BEST_COMPRESSION }),
};

// By content hash, shared by every app in the process (the tests build many).
const compressed = new Map<string, Promise<Buffer>>();
function compressedBody(asset: Asset, encoding: Encoding): Promise<Buffer> {
  const key = `${encoding}:${asset.etag}`;
  let body = compressed.get(key);
  if (!body) compressed.set(key, (body = compressors[encoding](asset.body)));
  return body;
}

/** br or gzip, whichever the client weights higher (br on a tie), or null when it takes neither. */
export function pickEncoding(acceptEncoding: string | undefined): Encoding | null {
  const weights = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    if (name) weights.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const weight = (name: string) => weights.get(name) ?? weights.get('*') ?? 0;
  const best = weight('br') >= weight('gzip') ? 'br' : 'gzip';
  return weight(best) > 0 ? best : null;
}

async function send(req: FastifyRequest, reply: FastifyReply, asset: Asset): Promise<FastifyReply> {
  reply.header('content-type', asset.type).header('cache-control', asset.cacheControl).header('etag', asset.etag);
  if (asset.compressible) reply.header('vary', 'accept-encoding');
  const known = req.headers['if-none-match'];
  if (known && known.split(',').some((tag) => tag.trim() === asset.etag)) return reply.status(304).send();
  const encoding = asset.compressible ? pickEncoding(req.headers['accept-encoding']) : null;
  if (!encoding) return reply.send(asset.body);
  const body = await compressedBody(asset, encoding);
  // The tiniest files can grow when compressed: send whichever is smaller.
  return body.length < asset.body.length ? reply.header('content-encoding', encoding).send(body) : reply.send(asset.body);
}

/** GET /static/<name>: the assets above, compressed once and kept; anything else is the app's 404. */
export function registerStaticAssets(app: FastifyInstance): void {
  const assets = loadAssets();
  app.get('/static/*', { compress: false }, (req, reply) => {
    const asset = assets.get((req.params as { '*': string })['*']);
    return asset ? send(req, reply, asset) : reply.callNotFound();
  });
}
