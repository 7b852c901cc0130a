/**
 * QR codes for the verification footer. The same code is drawn on every copy and every
 * re-render of a document, so the PNG is made once and kept (small LRU).
 */
import type QRCodeType from 'qrcode';

const MAX_ENTRIES = 256;
const cache = new Map<string, Promise<Buffer>>();

export function qrPng(text: string): Promise<Buffer> {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text); // re-insert: Map order is the LRU order
    cache.set(text, hit);
    return hit;
  }
  const QRCode: typeof QRCodeType = require('qrcode');
  const made = QRCode.toBuffer(text, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 0,
    scale: 4,
    // Grey-scale without alpha: pdfkit can embed it as-is instead of splitting an alpha channel.
    rendererOpts: { colorType: 0 } as { deflateLevel?: number },
  });
  made.catch(() => cache.delete(text));
  cache.set(text, made);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return made;
}
