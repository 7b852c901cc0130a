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
