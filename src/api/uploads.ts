// Uploads and downloads of documents (PDF, JPEG, PNG) through the API, the same for every router that takes them.
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { documentHeaders, documentRefusalMessage, maxDocumentBytes } from '../platform/documents.ts';

/** An upload comes as multipart/form-data; anything else gets words rather than a bare 415. */
export const multipartOnly =
  (message = 'Envoyez le fichier en multipart/form-data, dans le champ « file ».'): MiddlewareHandler =>
  async (c, next) => {
    if (!/^multipart\/form-data\s*;/i.test(c.req.header('content-type') ?? ''))
      return c.json({ error: 'unsupported_media_type', message }, 415);
    return next();
  };

/** The edge refuses a body over the document limit plus room for the multipart envelope, before reading it all. */
export const uploadLimit = bodyLimit({
  maxSize: maxDocumentBytes + 64 * 1024,
  onError: (c) => c.json({ error: 'too_large', message: documentRefusalMessage('too_large') }, 413),
});

/** The OpenAPI body of a one-file upload in the field `file`. */
export const fileUpload = (name: string) =>
  z
    .object({
      file: z
        .instanceof(File, { message: 'Choisissez un fichier' })
        .openapi({ type: 'string', format: 'binary', description: 'A PDF, JPEG or PNG of 10 MiB at most' }),
    })
    .openapi(name);

/** An uploaded file as the use cases take it. */
export const fileOf = async (upload: File) => ({
  name: upload.name,
  bytes: Buffer.from(await upload.arrayBuffer()),
});

/** A stored document, always as an attachment of the type found in its content. */
export const downloadDocument = (doc: { name: string; mediaType: string; size?: number; content: Buffer }) =>
  new Response(new Uint8Array(doc.content), { headers: documentHeaders(doc) });
