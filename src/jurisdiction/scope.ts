/** Module jurisdiction/: who sees what — scope columns, the scoping middleware, query guard, scoped query engine and raw SQL (caseSql). Imports: Strapi, constants, personal-data/, access/user-cache; every other module reaches case data through it. */
/**
 * Jurisdiction (管辖范围): a user sees and changes only records of its own organisation and
 * the ones below it. Every scoped record carries the codes of its organisation's ancestors
 * in four "scope columns"; a caller's scope is then one equality on the column of its own
 * level, which the database answers from an index — no tree walk, no filtering after fetch.
 */
export const LEVELS = ['city', 'county', 'township', 'village'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_LABELS: Record<Level, string> = {
  city: '市',
  county: '县（市、区）',
  township: '乡镇（街道）',
  village: '村（社区）',
};

export type ScopeColumns = {
  cityCode: string | null;
  countyCode: string | null;
  townshipCode: string | null;
  villageCode: string | null;
};

export const SCOPE_COLUMNS: (keyof ScopeColumns)[] = ['cityCode', 'countyCode', 'townshipCode', 'villageCode'];

export const scopeColumnOf = (level: Level): keyof ScopeColumns => `${level}Code` as keyof ScopeColumns;

export type Jurisdiction = { level: Level; code: string; organisationId: number; organisationDocumentId: string };

/** The filter that keeps a query inside a jurisdiction. */
export function scopeFilter(j: Pick<Jurisdiction, 'level' | 'code'>): Record<string, string> {
  return { [scopeColumnOf(j.level)]: j.code };
}

/** Whether a record with these scope columns lies inside the jurisdiction. */
export function inScope(j: Pick<Jurisdiction, 'level' | 'code'>, cols: Partial<ScopeColumns>): boolean {
  return cols[scopeColumnOf(j.level)] === j.code;
}

/** Scope columns of an organisation at `level` with `code`, below a parent whose columns are known. */
export function childScope(parent: ScopeColumns | null, level: Level, code: string): ScopeColumns {
  const cols: ScopeColumns = { cityCode: null, countyCode: null, townshipCode: null, villageCode: null };
  if (parent) {
    const depth = LEVELS.indexOf(level);
    for (let i = 0; i < depth; i += 1) cols[SCOPE_COLUMNS[i]] = parent[SCOPE_COLUMNS[i]];
  }
  cols[scopeColumnOf(level)] = code;
  return cols;
}

export function pickScope(record: Partial<ScopeColumns>): ScopeColumns {
  return {
    cityCode: record.cityCode ?? null,
    countyCode: record.countyCode ?? null,
    townshipCode: record.townshipCode ?? null,
    villageCode: record.villageCode ?? null,
  };
}
