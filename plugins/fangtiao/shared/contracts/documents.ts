/** Documents (文书): issued PDFs of a case, their signed scans, bulk exports and the public verification page. */
import type { Row } from './common';

/** A generated document without its storage keys. */
export type GeneratedDocument = Row<{ kind: string; title: string; version: number; issuedAt: string }>;

/** POST /api/petitions/:id/documents/:kind — 201. */
export declare namespace IssueDocument {
  export interface Request {
    params: { id: string; kind: string };
  }
  export interface Response {
    data: GeneratedDocument;
  }
}

/** GET /api/petitions/:id/documents */
export declare namespace ListDocuments {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: GeneratedDocument[];
  }
}

/** GET /api/documents/:id/download and …/signed-scan (GET: the file; POST multipart `file`: attach the signed scan). */
export declare namespace DocumentFile {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: GeneratedDocument;
  }
}

/** POST /api/document-exports — a ZIP of many documents, built by a job (202 with the job). */
export declare namespace StartExport {
  export interface Request {
    body: { data?: Record<string, unknown> };
  }
}

/** GET /api/document-exports/:id — the export's state; …/download the ZIP once done. */
export declare namespace GetExport {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: Record<string, unknown>;
  }
}

/** GET /api/verify/:code — HTML for a person (a QR code), JSON with `Accept: application/json`. */
export declare namespace Verify {
  export interface Request {
    params: { code: string };
  }
  export interface Response {
    data: Record<string, unknown>;
  }
}
