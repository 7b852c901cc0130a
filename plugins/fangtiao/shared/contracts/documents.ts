/** Documents (文书): issued PDFs of a case, their signed scans, bulk exports and the public verification page. */
import type { Row } from './common';

/** A generated document without its storage keys. */
export type GeneratedDocument = Row<{ kind: string; title: string; version: number; issuedAt: string; signedAt: string | null }>;

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

/** An export job as the desk polls it: its state, its progress (0–100), resumed after a restart. */
export interface ExportJob {
  documentId: string;
  kind?: string;
  status?: 'running' | 'done' | 'failed';
  total?: number;
  done?: number;
  attempts?: number;
  error?: string | null;
  resumed?: boolean;
  progress?: number;
  createdAt?: string;
}

/** POST /api/document-exports — a ZIP of many documents, built by a job (202 with the job). */
export declare namespace StartExport {
  export interface Request {
    body: { data?: Record<string, unknown> };
  }
  export interface Response {
    data: ExportJob;
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
  /** The same, as the desk reads it. */
  export interface Job {
    data: ExportJob;
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

/** POST /api/documents/:id/signed-scan/withdraw { data: { reason } } — 撤回签署件 of a superseded version. */
export declare namespace WithdrawSignedScan {
  export interface Request {
    params: { id: string };
    body: { data: { reason: string } };
  }
  export interface Response {
    data: { documentId: string; kind: string; version: number; signedAt: null };
  }
}
