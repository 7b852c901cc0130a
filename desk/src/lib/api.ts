// The desk's only way to the server: JSON calls with the user's token, and downloads.
//
// A login gives a short access token (10 minutes) and a refresh token, both kept in this tab's
// sessionStorage. Before a call whose token is about to expire, and once after a 401, the
// desk trades the refresh token for a new pair (one trade at a time per tab), so the person
// stays signed in while they work; when the session has ended (logout elsewhere, password
// change, blocked, role changed, idle too long) the trade fails and the desk asks to log in.

const TOKEN_KEY = 'fangtiao.desk.jwt';
const REFRESH_KEY = 'fangtiao.desk.refresh';
/** Refresh up to a minute (a quarter of the token's life at most) before it expires, so a slow request still carries a valid one. */
const EARLY_MS = 60_000;

function stored(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}
function store(key: string, value: string | null | undefined) {
  try {
    if (value) sessionStorage.setItem(key, value);
    else sessionStorage.removeItem(key);
  } catch {
    /* private mode: the session lasts as long as the page */
  }
}

export const auth = {
  get token(): string | null {
    return stored(TOKEN_KEY);
  },
  set token(value: string | null) {
    store(TOKEN_KEY, value);
    if (!value) store(REFRESH_KEY, null);
  },
  get refreshToken() {
    return stored(REFRESH_KEY);
  },
  /** Keeps what a login (or a refresh) answered. */
  signIn({ jwt, refreshToken }: { jwt: string; refreshToken?: string | null }) {
    store(TOKEN_KEY, jwt);
    store(REFRESH_KEY, refreshToken || null);
  },
  /** Called when the server says the session is no longer valid (401 and no refresh possible). */
  onExpired: (): void => {},
};

/** When the access token should be refreshed (ms since the epoch), from its `iat` and `exp`; null if unreadable. */
function refreshDue(token: string): number | null {
  try {
    const b64 = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const { iat, exp } = JSON.parse(atob(b64));
    if (typeof exp !== 'number') return null;
    const life = typeof iat === 'number' ? (exp - iat) * 1000 : EARLY_MS * 4;
    return exp * 1000 - Math.min(EARLY_MS, life / 4);
  } catch {
    return null;
  }
}

let refreshing: Promise<boolean> | null = null;

/**
 * Trades the refresh token for a new pair; true when it worked. Concurrent callers share one
 * trade (a refresh token is single-use). A refused trade ends the desk's session.
 */
export function refreshSession(): Promise<boolean> {
  if (!refreshing) {
    refreshing = (async () => {
      const refreshToken = auth.refreshToken;
      if (!refreshToken) return false;
      let res: Response;
      try {
        res = await fetch('/api/auth/refresh', {
          method: 'POST',
          headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
          body: JSON.stringify({ refreshToken }),
          credentials: 'omit',
        });
      } catch {
        return false; // offline: keep the tokens, the call reports the network error
      }
      if (!res.ok) {
        // 401/400: the session has ended. Anything else (a restarting server) keeps it for the next try.
        if ((res.status === 401 || res.status === 400) && auth.refreshToken === refreshToken) {
          auth.token = null;
          auth.onExpired();
        }
        return false;
      }
      auth.signIn((await res.json()) as { jwt: string; refreshToken?: string });
      return true;
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

async function freshToken() {
  const t = auth.token;
  const due = t && refreshDue(t);
  if (due && Date.now() >= due && auth.refreshToken) await refreshSession();
}

/**
 * fetch with the user's token: refreshed first when about to expire, and once more after a 401
 * (another tab or a clock skew may have outrun the check). `init` may be a function, so a
 * body that can be read only once is made again for the retry.
 */
export async function authorizedFetch(path: string, init: RequestInit | (() => RequestInit) = {}): Promise<Response> {
  await freshToken();
  const make = () => {
    const opts = typeof init === 'function' ? init() : { ...init };
    const t = auth.token;
    const headers: Record<string, string> = { ...((opts.headers as Record<string, string>) || {}) };
    if (t) headers.Authorization = `Bearer ${t}`;
    return fetch(path, { credentials: 'omit', ...opts, headers });
  };
  const res = await make();
  if (res.status === 401 && auth.refreshToken && (await refreshSession())) return make();
  return res;
}

/** Ends the session on the server (both tokens), then forgets it here whatever the answer. */
export async function logout() {
  const init = (): RequestInit => ({
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken: auth.refreshToken }),
  });
  try {
    if (auth.token) await authorizedFetch('/api/auth/logout', init);
  } catch {
    /* offline: the session ends on the server when it idles out */
  }
  auth.token = null;
}

/** A field's problem in a 400: its path (strings) and the message. */
export interface FieldError {
  path: string[];
  message: string;
}

export class ApiError extends Error {
  status: number;
  details: { errors?: { path?: unknown[]; message?: string }[]; [k: string]: unknown };
  body: unknown;

  constructor(status: number, message: string, details?: ApiError['details'], body?: unknown) {
    super(message);
    this.status = status;
    this.details = details || {};
    this.body = body;
  }

  /** Field errors from a 400: [{ path: ['parties','0','idNumber'], message }]. */
  get fieldErrors(): FieldError[] {
    const list = this.details && Array.isArray(this.details.errors) ? this.details.errors : [];
    return list.map((e) => ({ path: (e.path || []).map(String), message: e.message || '' }));
  }
}

const STATUS_MESSAGES: Record<number, string> = {
  0: '无法连接服务器，请检查网络后重试',
  401: '登录已失效，请重新登录',
  403: '没有权限进行此操作',
  404: '请求的内容不存在',
  413: '提交的内容过大',
  429: '操作过于频繁，请稍后再试',
  500: '服务器出错，请稍后再试',
  501: '该功能尚未开通',
  502: '服务器暂时不可用，请稍后再试',
  503: '服务器暂时不可用，请稍后再试',
};

/** Strapi's English messages that reach the user, in Chinese. */
const KNOWN_MESSAGES: Record<string, string> = {
  'Invalid identifier or password': '用户名或密码不正确',
  'Your account has been blocked by an administrator': '账号已被停用，请联系管理员',
  'Your account email is not confirmed': '账号尚未激活，请联系管理员',
  Forbidden: '没有权限进行此操作',
  Unauthorized: '登录已失效，请重新登录',
  'Not Found': '请求的内容不存在',
  'Internal Server Error': '服务器出错，请稍后再试',
  'Too many requests, please try again later.': '尝试次数过多，请稍后再试',
};

export const messageOf = (status: number, message?: string | null): string =>
  (message && (KNOWN_MESSAGES[message] || message)) || STATUS_MESSAGES[status] || `请求失败（${status}）`;

function headers(json: boolean): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json' };
  if (json) h['Content-Type'] = 'application/json';
  return h;
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  try {
    return await authorizedFetch(path.startsWith('/') ? path : `/api/${path}`, {
      method,
      headers: headers(body !== undefined),
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError(0, STATUS_MESSAGES[0]);
  }
}

async function failure(res: Response): Promise<ApiError> {
  let body: { error?: { message?: string; details?: ApiError['details'] } } | null = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  const err = body && body.error ? body.error : {};
  if (res.status === 401 && auth.token) auth.onExpired();
  return new ApiError(res.status, messageOf(res.status, err.message), err.details, body);
}

/**
 * JSON request to /api/…; resolves with the parsed body, rejects with ApiError. `T` is the body's
 * type as the endpoint's contract (plugins/fangtiao/shared/contracts) or the desk's types say.
 */
export async function request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await send(method, path, body);
  if (!res.ok) throw await failure(res);
  if (res.status === 204) return null as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** multipart/form-data POST (files): the browser sets the boundary; same errors as request(). */
export async function postForm<T = unknown>(path: string, formData: FormData): Promise<T> {
  let res: Response;
  try {
    res = await authorizedFetch(path.startsWith('/') ? path : `/api/${path}`, { method: 'POST', headers: headers(false), body: formData });
  } catch {
    throw new ApiError(0, STATUS_MESSAGES[0]);
  }
  if (!res.ok) throw await failure(res);
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

export const get = <T = unknown>(path: string) => request<T>('GET', path);
export const post = <T = unknown>(path: string, body?: unknown) => request<T>('POST', path, body ?? {});
export const put = <T = unknown>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {});

/** Query string from [key, value] pairs (keys keep their brackets readable). */
export function query(pairs: [string, unknown][]) {
  const parts: string[] = [];
  for (const [k, v] of pairs) {
    if (v === undefined || v === null || v === '') continue;
    parts.push(`${k}=${encodeURIComponent(String(v))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function filenameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('Content-Disposition') || '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      /* fall through */
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : fallback;
}

/** Saves a Blob under `name` through a temporary link. */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** A file download that needs the Authorization header: fetch, then save the blob. */
export async function download(path: string, fallbackName: string, { method = 'GET', body }: { method?: string; body?: unknown } = {}) {
  const res = await send(method, path, body);
  if (!res.ok) throw await failure(res);
  const blob = await res.blob();
  const name = filenameOf(res, fallbackName);
  saveBlob(blob, name);
  return { name, size: blob.size, type: blob.type };
}

/** Raw response, for callers that must look at the content type first. */
export async function raw(method: string, path: string, body?: unknown) {
  const res = await send(method, path, body);
  if (!res.ok) throw await failure(res);
  return res;
}
