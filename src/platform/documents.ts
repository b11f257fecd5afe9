// Uploaded documents (PDF or photo) kept in the database: checked by their content, named safely, and served so that a
// browser can never run them. Used by advice cases and by coordination records (minutes, agreements).
import { createHash } from 'node:crypto';

export const maxDocumentBytes = 10 * 1024 * 1024;
export const maxDocumentNameLength = 120;

export const documentMediaTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentMediaType = (typeof documentMediaTypes)[number];

/**
 * The three accepted types, told apart by their first bytes. A table rather than the `file-type` package: three
 * fixed signatures need no dependency, and a detector that knows hundreds of types only adds ways to be wrong.
 * A PDF must start with `%PDF-` at byte 0 (readers tolerate leading junk; we do not). Its inside is never parsed:
 * a PDF with scripts is still a PDF, made harmless by how it is served (`documentHeaders`).
 */
const signatures: { mediaType: DocumentMediaType; magic: number[]; extensions: string[] }[] = [
  { mediaType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d], extensions: ['pdf'] },
  { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff], extensions: ['jpg', 'jpeg'] },
  {
    mediaType: 'image/png',
    magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    extensions: ['png'],
  },
];

/** The type of a file by its content only (never its name nor what the browser said), or null when not accepted. */
export function sniffMediaType(bytes: Uint8Array): DocumentMediaType | null {
  const found = signatures.find(
    (s) => bytes.length >= s.magic.length && s.magic.every((byte, i) => bytes[i] === byte),
  );
  return found?.mediaType ?? null;
}

export type DocumentRefusal = 'empty' | 'too_large' | 'unsupported_type';

export const documentRefusalMessages: Record<DocumentRefusal, string> = {
  empty: 'Le fichier est vide. Choisissez un autre fichier.',
  too_large: 'Le fichier est trop lourd. La limite est de 10 Mo.',
  unsupported_type: 'Ce type de fichier n’est pas accepté. Envoyez un PDF ou une photo (JPEG ou PNG).',
};
export const documentRefusalMessage = (reason: DocumentRefusal) => documentRefusalMessages[reason];

export type DocumentRefused = { ok: false; reason: DocumentRefusal; message: string };
export type InspectedUpload =
  | { ok: true; name: string; mediaType: DocumentMediaType; size: number; sha256: string }
  | DocumentRefused;

const refuse = (reason: DocumentRefusal): DocumentRefused => ({
  ok: false,
  reason,
  message: documentRefusalMessages[reason],
});

/**
 * Checks an uploaded file before it is stored: not empty, at most 10 MiB, a PDF, JPEG or PNG by its content. A name
 * whose extension contradicts the content (`facture.pdf` that is a PNG) is not refused: phones and scanners often
 * name files wrongly, and refusing would stop a first-time user for nothing — the file gets the right extension
 * instead (`facture.png`). The name is cleaned (`cleanDocumentName`).
 */
export function inspectUpload({ name, bytes }: { name: string; bytes: Buffer }): InspectedUpload {
  if (bytes.length === 0) return refuse('empty');
  if (bytes.length > maxDocumentBytes) return refuse('too_large');
  const mediaType = sniffMediaType(bytes);
  if (!mediaType) return refuse('unsupported_type');
  return {
    ok: true,
    name: cleanDocumentName(name, mediaType),
    mediaType,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

// Control characters, invisible formatting (right-to-left overrides that make `gpj.pdf` read `fdp.jpg`, zero-width
// spaces), lone surrogates, private-use characters and line separators.
const invisible = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/gu;
// Characters Windows refuses in a file name (the separators are dealt with before).
const reserved = /[<>:"|?*]/g;

/**
 * The name kept for a document: its last path part only, without invisible characters, leading dots, or characters
 * Windows refuses; NFC; at most 120 characters, the extension kept; the extension of the type found in the content
 * (replacing a wrong one); `document.pdf` when nothing is left. It is shown to people and offered as the download
 * name, never used as a path.
 */
export function cleanDocumentName(raw: string, mediaType: DocumentMediaType): string {
  const { extensions } = signatures.find((s) => s.mediaType === mediaType)!;
  let name = raw.normalize('NFC').replace(invisible, '');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name
    .replace(reserved, '_')
    .replace(/\s+/gu, ' ')
    .replace(/[.\s]+$/u, '')
    .trim();

  const dot = name.lastIndexOf('.');
  let stem = dot >= 0 ? name.slice(0, dot) : name;
  let extension = dot >= 0 ? name.slice(dot + 1) : '';
  if (!extensions.includes(extension.toLowerCase())) {
    // Something that looks like an extension (`.exe`, `.jpeg`, `.htaccess`) is replaced; anything else (`Relevé
    // 03.2024`) is part of the name.
    if (!/^(?=.*\p{L})[\p{L}\p{N}]{1,10}$/u.test(extension)) stem = name;
    extension = extensions[0]!;
  }
  stem = stem.replace(/^[.\s]+/u, '').replace(/[.\s]+$/u, '');
  const room = maxDocumentNameLength - extension.length - 1;
  const chars = Array.from(stem);
  if (chars.length > room)
    stem = chars
      .slice(0, room)
      .join('')
      .replace(/[.\s]+$/u, '');
  return `${stem || 'document'}.${extension}`;
}

/**
 * The headers to serve a document with: always as a download (never shown inline, where a PDF's scripts or a
 * crafted image could run in our origin), of the type found in its content and no other (`nosniff`), sandboxed with
 * nothing allowed should a browser render it anyway, and never kept in a cache.
 */
export function documentHeaders(doc: {
  name: string;
  mediaType: string;
  size?: number;
}): Record<string, string> {
  const type = (documentMediaTypes as readonly string[]).includes(doc.mediaType)
    ? doc.mediaType
    : 'application/octet-stream';
  const headers: Record<string, string> = {
    'Content-Type': type,
    'Content-Disposition': `attachment; filename="${asciiFilename(doc.name)}"; filename*=UTF-8''${encodeRfc5987(doc.name)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
  };
  if (doc.size !== undefined) headers['Content-Length'] = String(doc.size);
  return headers;
}

/** The plain ASCII fallback name for old clients: accents dropped, anything unsafe in a quoted string replaced. */
function asciiFilename(name: string): string {
  return (
    name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[^\w .-]/g, '_')
      .slice(0, 200) || 'document'
  );
}

/** RFC 8187 value characters: encodeURIComponent leaves ' ( ) * as they are, which are not allowed. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value.replace(invisible, '')).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
