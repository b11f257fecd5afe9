/** A generated file sent for download, never cached (letters carry ballot codes). */
export function downloadResponse(
  bytes: Uint8Array,
  filename: string,
  contentType = 'application/pdf',
): Response {
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'no-store',
    },
  });
}
