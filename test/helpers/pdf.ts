import crypto from 'crypto';
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type request from 'supertest';

/** Reads a response body as bytes (PDF, zip, XLSX) instead of text. */
export const binary = (r: request.Test) =>
  r.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

/** The text of a PDF (Debian's pdftotext), white space removed so phrases match across line breaks. */
export const pdfText = (bytes: Buffer) => {
  const file = path.join(os.tmpdir(), `ft-${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(file, bytes);
  try {
    return execFileSync('pdftotext', ['-layout', file, '-']).toString().replace(/\s+/g, '');
  } finally {
    fs.rmSync(file);
  }
};

/** Entry names of a zip (Info-ZIP's zipinfo), as an unpacking user would see them. */
export const zipEntries = (bytes: Buffer): string[] => {
  const file = path.join(os.tmpdir(), `ft-${crypto.randomUUID()}.zip`);
  fs.writeFileSync(file, bytes);
  try {
    return execFileSync('zipinfo', ['-1', file], { env: { ...process.env, LC_ALL: 'C.UTF-8' } })
      .toString()
      .split('\n')
      .filter(Boolean);
  } finally {
    fs.rmSync(file);
  }
};

/** Page count of a PDF (poppler's pdfinfo). */
export const pdfPages = (bytes: Buffer): number => {
  const file = path.join(os.tmpdir(), `ft-${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(file, bytes);
  try {
    return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())?.[1]);
  } finally {
    fs.rmSync(file);
  }
};
