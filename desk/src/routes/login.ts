// #/login: the sign-in form.
import * as api from '../lib/api';
import { h, banner, setBusy as busy } from '../lib/ui';
import { root, app, go } from '../lib/shell';
import { field, input } from '../lib/fields';

// ---------------------------------------------------------------------------------------
// Login

export function renderLogin() {
  document.title = '登录 · 访调工作台';
  const username = input({ name: 'identifier', autocomplete: 'username', autocapitalize: 'off', spellcheck: 'false' });
  const password = input({ name: 'password', type: 'password', autocomplete: 'current-password' });
  const fUser = field({ label: '用户名', control: username });
  const fPass = field({ label: '密码', control: password });
  const submit = h('button', { class: 'btn btn-primary btn-block', type: 'submit' }, '登录');
  const messages = h('div', { class: 'messages', id: 'messages' });
  if (app.flash) {
    messages.append(banner(app.flash.kind, app.flash.text));
    app.flash = null;
  }
  const form = h(
    'form',
    { class: 'login-card card', novalidate: true, onsubmit: onSubmit },
    h(
      'div',
      { class: 'login-head' },
      h('span', { class: 'seal seal-large', 'aria-hidden': 'true' }, '访调'),
      h('h1', {}, '访调工作台'),
      h('p', { class: 'muted' }, '信访事项登记 · 人民调解对接'),
    ),
    messages,
    fUser.wrap,
    fPass.wrap,
    submit,
  );
  root.replaceChildren(
    h('div', { class: 'login-page' }, form, h('p', { class: 'login-foot muted' }, '仅限授权工作人员使用，操作将被记录')),
  );
  username.focus();

  async function onSubmit(e: Event) {
    e.preventDefault();
    fUser.setError(username.value.trim() ? [] : ['请输入用户名']);
    fPass.setError(password.value ? [] : ['请输入密码']);
    if (!username.value.trim()) return username.focus();
    if (!password.value) return password.focus();
    busy(submit, true, '正在登录…');
    messages.replaceChildren();
    try {
      const res = await api.post<{ jwt: string; refreshToken?: string }>('auth/local', {
        identifier: username.value.trim(),
        password: password.value,
      });
      api.auth.signIn(res);
      app.me = null;
      app.cache.clear();
      go('#/cases');
    } catch (err) {
      busy(submit, false);
      messages.replaceChildren(banner('error', err.status === 400 ? '用户名或密码不正确' : err.message));
      password.select();
    }
  }
}
