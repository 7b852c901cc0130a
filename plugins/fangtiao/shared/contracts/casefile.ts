/** Case files (卷宗): the whole case bound as one PDF (or a ZIP of its parts), built on request and versioned. */
import type { Row } from './common';

export type CaseFile = Row<{ version: number; builtAt: string; pages: number; pdfName: string; zipName: string }>;

/** POST /api/petitions/:id/case-file — builds the next version (201). */
export declare namespace BuildCaseFile {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: CaseFile;
  }
}

/** GET /api/petitions/:id/case-files */
export declare namespace ListCaseFiles {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: CaseFile[];
  }
}

/** GET /api/case-files/:id/download?format=pdf|zip */
export declare namespace DownloadCaseFile {
  export interface Request {
    params: { id: string };
    query: { format?: 'pdf' | 'zip' };
  }
}
