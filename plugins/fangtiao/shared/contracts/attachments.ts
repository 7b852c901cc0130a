/** Attachments (附件): files of a case's records, uploaded at the desk or by the person on /p/, kept in private storage. */

/** What an attachment can belong to. */
export type OwnerKind = 'form-field' | 'session' | 'visit' | 'hearing' | 'petition';

/** An attachment as the desk sees it: no storage keys. */
export interface Attachment {
  id?: number;
  documentId: string;
  ownerKind: OwnerKind;
  ownerDocumentId: string;
  /** The form field, for `form-field` attachments. */
  field: string | null;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  source: 'desk' | 'public';
  publicActor?: string | null;
  hasThumbnail: boolean;
  uploadedBy: { fullName: string | null; username: string } | null;
  createdAt: string;
  /** 1 for the first upload; the next version replaces it (替换). */
  version?: number | null;
  supersededBy?: unknown;
  withdrawnAt?: Date | string | null;
  withdrawalReason?: string | null;
  /** 标注 on the person's own material. */
  markNote?: string | null;
  [key: string]: unknown;
}

/** A record of the case an attachment can be attached to, for the desk's "attach to" choice. */
export interface Owner {
  kind: OwnerKind;
  documentId: string;
  label: string;
}

/** POST /api/attachments (multipart: the form fields below, and the files) — 201. */
export declare namespace Upload {
  export interface Request {
    body: { ownerKind: OwnerKind; owner: string; field?: string };
  }
  export interface Response {
    data: Attachment[];
  }
}

/** GET /api/attachments?ownerKind=&owner=&field= */
export declare namespace ListForOwner {
  export interface Request {
    query: { ownerKind: OwnerKind; owner: string; field?: string };
  }
  export interface Response {
    data: Attachment[];
  }
}

/** GET /api/petitions/:id/attachments — the case's attachments and what they can be attached to. */
export declare namespace ListForCase {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: Attachment[];
    meta: { owners: Owner[] };
  }
}

/** GET /api/attachments/:id/download and …/thumbnail — the bytes (`?inline=1`: shown in the page), audited. */
export declare namespace Download {
  export interface Request {
    params: { id: string };
    query: { inline?: string };
  }
}

/** What the person sees of their own material on /p/: no storage keys, no staff names. */
export interface PublicAttachment {
  documentId: string;
  name: string;
  mime: string;
  size: number;
  createdAt: string;
}

/** GET /api/p/cases/:ref/attachments and POST (multipart, 201): the person's evidence on their own case. */
export declare namespace PublicAttachments {
  export interface Request {
    params: { ref: string };
  }
  export interface Response {
    data: PublicAttachment[];
  }
}

/** POST /api/attachments/:id/withdraw { data: { reason } } — 撤回: the file stays on the record, hidden from lists. */
export declare namespace WithdrawAttachment {
  export interface Request {
    params: { id: string };
    body: { data: { reason: string } };
  }
  export interface Response {
    data: Attachment;
  }
}

/** POST /api/attachments/:id/replace (multipart, one file) — 201 with the next version (替换). */
export declare namespace ReplaceAttachment {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: Attachment;
  }
}

/** POST /api/attachments/:id/mark { data: { note } } — 标注. */
export declare namespace MarkAttachment {
  export interface Request {
    params: { id: string };
    body: { data: { note: string } };
  }
  export interface Response {
    data: Attachment;
  }
}

/** GET /api/attachments/:id/versions — every version of a file, first to latest. */
export declare namespace AttachmentVersions {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: Attachment[];
  }
}
