/** Shapes every module's contract shares: a record's fields beyond those named, and Strapi's list envelope. */

/**
 * A stored record as the API returns it: its documentId, the fields a contract names (optional:
 * the services read rows through Strapi's untyped document service), and the rest of the row.
 */
export type Row<T extends object = {}> = Partial<T> & { documentId: string; [field: string]: unknown };

/** `pagination[page]`, `pagination[pageSize]` (at most 100), as every list of the API. */
export interface PageQuery {
  pagination?: { page?: string; pageSize?: string };
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

/** The request body of the desk's writes: `{ data: {...} }`. */
export interface DataBody<T> {
  data: T;
}
