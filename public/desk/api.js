// The desk's only way to the server: JSON calls with the user's token, and downloads.

const TOKEN_KEY = 'fangtiao.desk.jwt';

export const auth = {
  get token() {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  },
  set token(value) {
    try {
      if (value) sessionStorage.setItem(TOKEN_KEY, value);
      else sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      /* private mode: the session lasts as long as the page */
    }
  },
  /** Called when the server says the token is no longer valid (401). */
  onExpired: () => {},
};

export class ApiError extends Error {
  constructor(status, message, details, body) {
    super(message);
    this.status = status;
    this.details = details || {};
    this.body = body;
  }

  /** Field errors from a 400: [{ path: ['parties','0','idNumber'], message }]. */
  get fieldErrors() {
    const list = this.details && Array.isArray(this.details.errors) ? this.details.errors : [];
    return list.map((e) => ({ path: (e.path || []).map(String), message: e.message || '' }));
  }
}

const STATUS_MESSAGES = {
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
const KNOWN_MESSAGES = {
  'Invalid identifier or password': '用户名或密码不正确',
  'Your account has been blocked by an administrator': '账号已被停用，请联系管理员',
  'Your account email is not confirmed': '账号尚未激活，请联系管理员',
  Forbidden: '没有权限进行此操作',
  Unauthorized: '登录已失效，请重新登录',
  'Not Found': '请求的内容不存在',
  'Internal Server Error': '服务器出错，请稍后再试',
  'Too many requests, please try again later.': '尝试次数过多，请稍后再试',
};

export const messageOf = (status, message) =>
  (message && (KNOWN_MESSAGES[message] || message)) || STATUS_MESSAGES[status] || `请求失败（${status}）`;

function headers(json) {
  const h = { Accept: 'application/json' };
  if (json) h['Content-Type'] = 'application/json';
  const t = auth.token;
  if (t) h.Authorization = `Bearer ${t}`;
  return h;
}

async function send(method, path, body) {
  try {
    return await fetch(path.startsWith('/') ? path : `/api/${path}`, {
      method,
      headers: headers(body !== undefined),
      body: body !== undefined ? JSON.stringify(body) : undefined,
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, STATUS_MESSAGES[0]);
  }
}

async function failure(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  const err = body && body.error ? body.error : {};
  if (res.status === 401 && auth.token) auth.onExpired();
  return new ApiError(res.status, messageOf(res.status, err.message), err.details, body);
}

/** JSON request to /api/…; resolves with the parsed body, rejects with ApiError. */
export async function request(method, path, body) {
  const res = await send(method, path, body);
  if (!res.ok) throw await failure(res);
  if (res.status === 204) return null;
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

/** multipart/form-data POST (files): the browser sets the boundary; same errors as request(). */
export async function postForm(path, formData) {
  let res;
  try {
    res = await fetch(path.startsWith('/') ? path : `/api/${path}`, { method: 'POST', headers: headers(false), body: formData, credentials: 'omit' });
  } catch {
    throw new ApiError(0, STATUS_MESSAGES[0]);
  }
  if (!res.ok) throw await failure(res);
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body ?? {});
export const put = (path, body) => request('PUT', path, body ?? {});

/** Query string from [key, value] pairs (keys keep their brackets readable). */
export function query(pairs) {
  const parts = [];
  for (const [k, v] of pairs) {
    if (v === undefined || v === null || v === '') continue;
    parts.push(`${k}=${encodeURIComponent(v)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function filenameOf(res, fallback) {
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
export function saveBlob(blob, name) {
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
export async function download(path, fallbackName, { method = 'GET', body } = {}) {
  const res = await send(method, path, body);
  if (!res.ok) throw await failure(res);
  const blob = await res.blob();
  const name = filenameOf(res, fallbackName);
  saveBlob(blob, name);
  return { name, size: blob.size, type: blob.type };
}

/** Raw response, for callers that must look at the content type first. */
export async function raw(method, path, body) {
  const res = await send(method, path, body);
  if (!res.ok) throw await failure(res);
  return res;
}
