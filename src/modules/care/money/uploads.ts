import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { MAX_RECEIPT_BYTES, type Upload } from './expenses.ts';

// The receipt's bytes are kept beside the request, not in its body: the body holds only the
// file's name, so body checks (such as the NUL scan) never walk two megabytes of bytes.
const uploads = new WeakMap<FastifyRequest, Upload>();

/** Options for @fastify/multipart: one file of at most 2 MB (anything longer is cut and refused), a few small fields. */
export const multipartOptions = {
  attachFieldsToBody: 'keyValues' as const,
  throwFileSizeLimit: false,
  limits: { fileSize: MAX_RECEIPT_BYTES, files: 1, fields: 20, fieldSize: 10_000, parts: 25 },
  async onFile(this: FastifyRequest, part: MultipartFile) {
    const data = await part.toBuffer();
    if (part.fieldname === 'receipt') uploads.set(this, { filename: part.filename, data, truncated: part.file.truncated });
    (part as unknown as { value: string }).value = part.filename;
  },
};

export const takeUpload = (req: FastifyRequest): Upload | undefined => uploads.get(req);

/** A download: the stored type, never sniffed by the browser, never shown inline. */
export function sendFile(reply: FastifyReply, file: { data: Buffer; type: string; name: string }): FastifyReply {
  return reply
    .header('content-type', file.type)
    .header('content-disposition', `attachment; filename="${file.name.replace(/[^\w.\- ]/g, '_')}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.data);
}
