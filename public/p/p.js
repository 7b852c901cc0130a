'use strict';
/* The petitioner's page (/p/): plain JS, no framework, served as is. Talks to /api/p/… with the
   session cookie (HttpOnly, set by the server). Routes: #/ login, #/cases, #/case/<number>, #/new. */
(function () {
  var app = document.getElementById('app');
  var logoutBtn = document.getElementById('logout');

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }
  function api(method, path, body) {
    var form = typeof FormData !== 'undefined' && body instanceof FormData;
    return fetch('/api/p/' + path, {
      method: method,
      credentials: 'same-origin',
      headers: body && !form ? { 'Content-Type': 'application/json' } : {},
      body: body ? (form ? body : JSON.stringify(body)) : undefined,
    }).then(function (res) {
      if (res.status === 204) return {};
      return res.json().catch(function () { return {}; }).then(function (json) {
        if (res.ok) return json;
        var err = new Error((json.error && json.error.message) || '请求失败，请稍后再试');
        err.status = res.status;
        err.fields = (json.error && json.error.details && json.error.details.errors) || [];
        throw err;
      });
    });
  }
  function show(html) { app.innerHTML = html; window.scrollTo(0, 0); }
  function $(sel) { return app.querySelector(sel); }
  function showError(form, err) {
    var box = form.querySelector('.error');
    var fields = err.fields.map(function (f) { return f.message; }).filter(function (m) { return m !== err.message; });
    box.textContent = [err.message].concat(fields).join('；');
    if (err.status === 401) location.hash = '#/';
  }
  function values(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      out[el.name] = el.type === 'checkbox' ? el.checked : el.value.trim();
    });
    return out;
  }

  // The code comes by SMS or by e-mail (the address given when filing online); the rest is the same.
  var WAYS = {
    phone: { tab: '用手机号', label: '手机号码', type: 'tel', mode: 'numeric', auto: 'tel', max: 11, code: '短信验证码（6位）', send: 'otp', login: 'login' },
    email: { tab: '用电子邮箱', label: '电子邮箱', type: 'email', mode: 'email', auto: 'email', max: 254, code: '邮件验证码（6位）', send: 'email/otp', login: 'email/login' }
  };
  function login(way) {
    var w = WAYS[way] || WAYS.phone;
    way = w === WAYS.email ? 'email' : 'phone';
    logoutBtn.hidden = true;
    show(
      '<h1>查询我的信访事项</h1>' +
      '<div class="choices" id="ways">' + ['phone', 'email'].map(function (k) {
        return '<button type="button" data-way="' + k + '" aria-pressed="' + (k === way) + '">' + WAYS[k].tab + '</button>';
      }).join('') + '</div>' +
      '<form class="card" id="otp"><label for="addr">' + w.label + '</label><input id="addr" name="addr" type="' + w.type + '" inputmode="' + w.mode + '" autocomplete="' + w.auto + '" maxlength="' + w.max + '" required>' +
      (way === 'email' ? '<p class="muted">网上提交信访事项时填写过电子邮箱的，可用该邮箱接收验证码。</p>' : '') +
      '<button type="button" id="send" class="secondary">获取验证码</button>' +
      '<label for="code">' + w.code + '</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6">' +
      '<button type="submit">登录</button><p class="error" role="alert"></p><p class="muted" id="sent"></p></form>' +
      '<form class="card" id="lookup"><h2>没有登记手机？用编号和查询码</h2><label for="ref">信访事项编号</label><input id="ref" name="referenceNo" placeholder="如 990102-2026-000123" required>' +
      '<label for="qc">查询码</label><input id="qc" name="queryCode" autocomplete="off" required><button type="submit">查询</button><p class="error" role="alert"></p></form>' +
      '<p><a class="nav" href="#/new">网上提交信访事项</a></p>'
    );
    Array.prototype.forEach.call(app.querySelectorAll('#ways button'), function (b) {
      b.onclick = function () { if (b.getAttribute('data-way') !== way) login(b.getAttribute('data-way')); };
    });
    var otp = $('#otp');
    var addr = function () { var v = $('#addr').value.trim(); return way === 'email' ? { email: v } : { phone: v }; };
    $('#send').onclick = function () {
      var btn = this;
      btn.disabled = true;
      api('POST', w.send, addr()).then(function () {
        $('#sent').textContent = (way === 'email' ? '验证码已发送到邮箱' : '验证码已发送') + '，5分钟内有效。';
        otp.querySelector('.error').textContent = '';
        setTimeout(function () { btn.disabled = false; }, 60000);
      }, function (e) { btn.disabled = false; showError(otp, e); });
    };
    otp.onsubmit = function (ev) {
      ev.preventDefault();
      var body = addr();
      body.code = $('#code').value.trim();
      api('POST', w.login, body).then(function () {
        // Back to where a link (the return-visit SMS) wanted to go, else the list.
        var after = sessionStorage.getItem('after');
        sessionStorage.removeItem('after');
        location.hash = after || '#/cases';
      }, function (e) { showError(otp, e); });
    };
    var lookup = $('#lookup');
    lookup.onsubmit = function (ev) {
      ev.preventDefault();
      var v = values(lookup);
      api('POST', 'lookup', v).then(function (r) { location.hash = '#/case/' + encodeURIComponent(r.data.referenceNo); }, function (e) { showError(lookup, e); });
    };
  }

  function cases() {
    api('GET', 'cases').then(function (r) {
      logoutBtn.hidden = false;
      var items = r.data.map(function (c) {
        return '<li><a href="#/case/' + encodeURIComponent(c.referenceNo) + '"><strong>' + esc(c.subject) + '</strong></a><br>' +
          '<span class="muted">' + esc(c.referenceNo) + '</span> · <span class="state">' + esc(c.stateLabel) + '</span></li>';
      }).join('');
      show('<h1>我的信访事项</h1><div class="card">' + (items ? '<ul class="plain">' + items + '</ul>' : '<p>没有找到与该手机号码有关的事项。</p>') + '</div>' +
        '<p><a class="nav" href="#/new">网上提交信访事项</a></p>');
    }, function (e) { if (e.status === 401) location.hash = '#/'; else show('<p class="error">' + esc(e.message) + '</p>'); });
  }

  function questionnaire(c) {
    if (c.returnVisitDone) return '<div class="card"><p class="ok">您已完成评价，感谢！</p></div>';
    if (!c.returnVisitOpen) return '';
    var group = function (name, opts) {
      return '<div class="choices" data-name="' + name + '">' + opts.map(function (o) {
        return '<button type="button" aria-pressed="false" data-value="' + o[0] + '">' + o[1] + '</button>';
      }).join('') + '</div>';
    };
    return '<form class="card" id="rv"><h2>回访：请您评价</h2>' +
      '<label>问题是否解决</label>' + group('resolved', [['yes', '已解决'], ['partly', '部分解决'], ['no', '未解决']]) +
      '<label>您是否满意</label>' + group('result', [['satisfied', '满意'], ['basically_satisfied', '基本满意'], ['not_satisfied', '不满意']]) +
      '<label for="comment">意见建议（可不填）</label><textarea id="comment" name="comment" maxlength="500"></textarea>' +
      '<button type="submit">提交评价</button><p class="error" role="alert"></p></form>';
  }

  function creditCard(f) {
    var form = function (kind, label, button) {
      return '<form class="credit" data-kind="' + kind + '" data-id="' + esc(f.id) + '"><label for="t_' + esc(f.id) + '">' + label + '</label>' +
        '<textarea id="t_' + esc(f.id) + '" maxlength="2000"></textarea><button type="submit">' + button + '</button><p class="error" role="alert"></p></form>';
    };
    return '<div class="card"><h2>信用记录：' + esc(f.ground) + '</h2><p class="state">' + esc(f.stateLabel) + '</p>' +
      (f.objectionDeadline ? '<p>提出异议截止：' + esc(f.objectionDeadline) + '</p>' : '') +
      (f.canObject ? form('objection', '异议的事实和理由', '提出异议') : '') +
      (f.canApplyForRepair ? form('repair', '申请信用修复的理由（如已履行协议）', '申请信用修复') : '') + '</div>';
  }

  // A request for more information from the office, and the person's answer (text + one file).
  function infoCard(q) {
    var head = '<div class="card info"><h2>请补充材料</h2><p>' + esc(q.message) + '</p><p class="muted">请于' + esc(q.replyBy) + '前答复</p>';
    if (q.replied) {
      return head + '<p class="ok">您已于' + esc(q.reply.at) + '答复：' + esc(q.reply.text) + (q.reply.fileName ? '（附件：' + esc(q.reply.fileName) + '）' : '') + '</p></div>';
    }
    return head + '<form class="reply" data-id="' + esc(q.id) + '"><label for="r_' + esc(q.id) + '">您的答复</label>' +
      '<textarea id="r_' + esc(q.id) + '" name="text" maxlength="2000"></textarea>' +
      '<label for="f_' + esc(q.id) + '">附件（可不传；PDF、JPG或PNG，10MB以内）</label><input type="file" id="f_' + esc(q.id) + '" name="file" accept="application/pdf,image/jpeg,image/png">' +
      '<button type="submit">提交答复</button><p class="error" role="alert"></p></form></div>';
  }

  // 申请复查 / 申请复核: offered while the case is at that stage; closed windows say why.
  function reviewCard(r) {
    if (!r) return '';
    return '<form class="card" id="review" data-kind="' + esc(r.action) + '"><h2>' + esc(r.label) + '</h2>' +
      (r.due ? '<p>申请期限：' + esc(r.due) + '</p>' : '') +
      (r.open ? '<p>对办理结果不服的，可以在期限内' + esc(r.label) + '。</p><button type="submit">' + esc(r.label) + '</button>' : '<p class="muted">' + esc(r.reason) + '</p>') +
      '<p class="error" role="alert"></p></form>';
  }

  /* Evidence (证据材料): the person's own files on the case, and adding more (server: plugin attachments module). */
  var EVIDENCE_NOTE = 'PDF、JPG、PNG或WebP，每个不超过10MB，一次最多10个';
  function evidenceCard() {
    return '<div class="card" id="evidence"><h2>证据材料</h2><ul class="plain" id="evidence-list"><li class="muted">加载中…</li></ul>' +
      '<form class="evidence"><label for="evidence-files">补充证据材料（' + EVIDENCE_NOTE + '）</label>' +
      '<input type="file" id="evidence-files" multiple accept="image/jpeg,image/png,image/webp,application/pdf">' +
      '<button type="submit">上传</button><p class="error" role="alert"></p><p class="ok" id="evidence-ok" hidden></p></form></div>';
  }
  function uploadEvidence(ref, files) {
    var data = new FormData();
    Array.prototype.forEach.call(files, function (f) { data.append('files', f, f.name); });
    return api('POST', 'cases/' + encodeURIComponent(ref) + '/attachments', data);
  }
  function loadEvidence(ref) {
    var list = $('#evidence-list');
    api('GET', 'cases/' + encodeURIComponent(ref) + '/attachments').then(function (r) {
      list.innerHTML = r.data.length ? r.data.map(function (a) {
        return '<li>' + esc(a.name) + ' <span class="muted">' + Math.max(1, Math.round(a.size / 1024)) + ' KB</span></li>';
      }).join('') : '<li class="muted">您尚未提交证据材料</li>';
    }, function (e) { list.innerHTML = '<li class="error">' + esc(e.message) + '</li>'; });
    var form = app.querySelector('form.evidence');
    form.onsubmit = function (ev) {
      ev.preventDefault();
      var input = $('#evidence-files'), btn = form.querySelector('button');
      form.querySelector('.error').textContent = '';
      if (!input.files.length) { form.querySelector('.error').textContent = '请选择要上传的文件'; return; }
      btn.disabled = true;
      uploadEvidence(ref, input.files).then(function (r) {
        btn.disabled = false;
        input.value = '';
        var ok = $('#evidence-ok');
        ok.textContent = '已上传' + r.data.length + '个文件';
        ok.hidden = false;
        loadEvidence(ref);
      }, function (e) { btn.disabled = false; showError(form, e); });
    };
  }

  function caseView(ref) {
    api('GET', 'cases/' + encodeURIComponent(ref)).then(function (r) {
      logoutBtn.hidden = false;
      var c = r.data;
      var docs = c.documents.map(function (d) {
        return '<li><a class="doc" target="_blank" rel="noopener" href="/api/p/cases/' + encodeURIComponent(c.referenceNo) + '/documents/' + encodeURIComponent(d.id) + '">' + esc(d.title) + '（PDF）</a>' +
          '<span class="muted">出具：' + esc(d.issuedAt) + (d.deliveredAt ? '；已于' + esc(d.deliveredAt) + '网上送达' : '；打开即视为送达') + '</span></li>';
      }).join('');
      show('<p><a class="nav" href="#/cases">← 我的事项</a></p><h1>' + esc(c.subject) + '</h1>' +
        '<div class="card"><p class="muted">编号 ' + esc(c.referenceNo) + '，登记于 ' + esc(c.registeredAt) + '（北京时间）</p>' +
        '<p class="state" id="state">' + esc(c.stateLabel) + '</p><p>' + esc(c.meaning) + '</p>' +
        (c.office ? '<p>负责单位：' + esc(c.office) + '</p>' : '') +
        (c.nextDeadline ? '<p>' + esc(c.nextDeadline.label) + '：' + esc(c.nextDeadline.date) + '</p>' : '') + '</div>' +
        '<div class="card"><h2>给您的文书</h2>' + (docs ? '<ul class="plain" id="docs">' + docs + '</ul>' : '<p class="muted">暂无</p>') + '</div>' +
        evidenceCard() +
        (c.infoRequests || []).map(infoCard).join('') +
        (c.credit || []).map(creditCard).join('') +
        reviewCard(c.review) +
        questionnaire(c));
      loadEvidence(c.referenceNo);
      Array.prototype.forEach.call(app.querySelectorAll('form.reply'), function (f) {
        f.onsubmit = function (ev) {
          ev.preventDefault();
          var data = new FormData();
          data.append('text', f.querySelector('textarea').value.trim());
          var file = f.querySelector('input[type=file]').files[0];
          if (file) data.append('file', file);
          f.querySelector('button').disabled = true;
          api('POST', 'cases/' + encodeURIComponent(c.referenceNo) + '/info-requests/' + encodeURIComponent(f.getAttribute('data-id')) + '/reply', data)
            .then(function () { caseView(ref); }, function (e) { f.querySelector('button').disabled = false; showError(f, e); });
        };
      });
      // A second tap confirms (no window.confirm: in-app browsers may suppress it).
      var review = $('#review');
      if (review) review.onsubmit = function (ev) {
        ev.preventDefault();
        var btn = review.querySelector('button');
        if (!review.getAttribute('data-sure')) {
          review.setAttribute('data-sure', '1');
          btn.textContent = '确认' + review.querySelector('h2').textContent;
          return;
        }
        btn.disabled = true;
        api('POST', 'cases/' + encodeURIComponent(c.referenceNo) + '/review-requests/' + review.getAttribute('data-kind'), {})
          .then(function () { caseView(ref); }, function (e) { btn.disabled = false; showError(review, e); });
      };
      Array.prototype.forEach.call(app.querySelectorAll('form.credit'), function (f) {
        f.onsubmit = function (ev) {
          ev.preventDefault();
          var kind = f.getAttribute('data-kind'), text = f.querySelector('textarea').value.trim();
          api('POST', 'cases/' + encodeURIComponent(c.referenceNo) + '/credit/' + encodeURIComponent(f.getAttribute('data-id')) + '/' + kind, kind === 'objection' ? { text: text } : { application: text })
            .then(function () { caseView(ref); }, function (e) { showError(f, e); });
        };
      });
      Array.prototype.forEach.call(app.querySelectorAll('a.doc'), function (a) {
        a.addEventListener('click', function () { setTimeout(function () { caseView(ref); }, 1500); });
      });
      var rv = $('#rv');
      if (!rv) return;
      var chosen = {};
      Array.prototype.forEach.call(rv.querySelectorAll('.choices button'), function (b) {
        b.onclick = function () {
          var g = b.parentNode;
          Array.prototype.forEach.call(g.children, function (x) { x.setAttribute('aria-pressed', String(x === b)); });
          chosen[g.getAttribute('data-name')] = b.getAttribute('data-value');
        };
      });
      rv.onsubmit = function (ev) {
        ev.preventDefault();
        api('POST', 'cases/' + encodeURIComponent(c.referenceNo) + '/return-visit', { resolved: chosen.resolved, result: chosen.result, comment: $('#comment').value })
          .then(function () { caseView(ref); }, function (e) { showError(rv, e); });
      };
    }, function (e) {
      if (e.status === 401) { sessionStorage.setItem('after', location.hash); location.hash = '#/'; }
      else show('<p class="error">' + esc(e.message) + '</p><p><a href="#/cases">返回</a></p>');
    });
  }

  function fieldInput(f) {
    // Files are sent as evidence below the form (证据材料), not typed into a field.
    if (f.type === 'attachment') return '';
    var id = 'f_' + f.key, req = f.required ? ' required' : '';
    var label = '<label for="' + id + '">' + esc(f.label) + (f.required ? '（必填）' : '') + '</label>';
    if (f.type === 'select') return label + '<select id="' + id + '" name="form.' + f.key + '"' + req + '><option value="">请选择</option>' +
      (f.options || []).map(function (o) { return '<option value="' + esc(o.value) + '">' + esc(o.label) + '</option>'; }).join('') + '</select>';
    if (f.type === 'textarea') return label + '<textarea id="' + id + '" name="form.' + f.key + '"' + req + '></textarea>';
    if (f.type === 'boolean') return '<label class="consent"><input type="checkbox" name="form.' + f.key + '"> ' + esc(f.label) + '</label>';
    var type = f.type === 'date' ? 'date' : f.type === 'number' || f.type === 'money' ? 'number' : 'text';
    return label + '<input id="' + id + '" type="' + type + '" name="form.' + f.key + '"' + req + '>';
  }

  function newPetition() {
    api('GET', 'intake').then(function (r) {
      var o = r.data;
      var places = o.organisations.filter(function (x) { return x.level === 'township' || x.level === 'village'; });
      var byId = {};
      o.organisations.forEach(function (x) { byId[x.id] = x; });
      var placeName = function (x) { var p = byId[x.parent]; return (p && p.level !== 'city' ? p.name + ' ' : '') + x.name; };
      show('<h1>网上提交信访事项</h1><form class="card" id="new">' +
        '<p class="muted">请先用手机验证码登录；第一位信访人的手机号码须与登录号码一致。</p>' +
        '<label for="org">事发地（乡镇或村）</label><select id="org" name="organisation" required><option value="">请选择</option>' +
        places.map(function (x) { return '<option value="' + esc(x.id) + '">' + esc(placeName(x)) + '</option>'; }).join('') + '</select>' +
        '<label for="type">事项类型</label><select id="type" name="caseType" required><option value="">请选择</option>' +
        o.caseTypes.map(function (t) { return '<option value="' + esc(t.id) + '">' + esc(t.name) + '</option>'; }).join('') + '</select>' +
        '<div id="fields"></div>' +
        '<label for="subject">事项摘要</label><input id="subject" name="subject" maxlength="200" required>' +
        '<label for="demands">诉求</label><textarea id="demands" name="demands"></textarea>' +
        '<h2>信访人</h2><label for="name">姓名</label><input id="name" name="name" required>' +
        '<label for="pphone">手机号码</label><input id="pphone" name="phone" type="tel" inputmode="numeric" maxlength="11" required>' +
        '<label for="address">住址</label><input id="address" name="address">' +
        '<label for="cemail">电子邮箱（可不填；填写后也可用邮箱接收验证码查询）</label><input id="cemail" name="contactEmail" type="email" inputmode="email" autocomplete="email" maxlength="254">' +
        '<label class="consent"><input type="checkbox" name="personal"> 我已阅读并同意《个人信息处理告知》：信访工作机构为办理本事项处理我提供的个人信息。</label>' +
        '<label class="consent"><input type="checkbox" name="sensitive" id="sensitive"> 我单独同意处理身份证号等敏感个人信息（可不提供）。</label>' +
        '<div id="idbox" hidden><label for="idn">身份证号</label><input id="idn" name="idNumber" maxlength="18"></div>' +
        '<label for="evidence-files">证据材料（可不传；' + EVIDENCE_NOTE + '）</label><input type="file" id="evidence-files" multiple accept="image/jpeg,image/png,image/webp,application/pdf">' +
        '<button type="submit">提交</button><p class="error" role="alert"></p></form>');
      var form = $('#new');
      $('#sensitive').onchange = function () { $('#idbox').hidden = !this.checked; if (!this.checked) $('#idn').value = ''; };
      $('#type').onchange = function () {
        var t = o.caseTypes.filter(function (x) { return x.id === this.value; }, this)[0];
        $('#fields').innerHTML = t ? t.fields.map(fieldInput).join('') : '';
      };
      form.onsubmit = function (ev) {
        ev.preventDefault();
        var v = values(form), formData = {};
        Object.keys(v).forEach(function (k) {
          if (k.indexOf('form.') !== 0 || v[k] === '') return;
          var t = form.elements[k].type;
          formData[k.slice(5)] = t === 'number' ? Number(v[k]) : v[k];
        });
        api('POST', 'petitions', {
          organisation: v.organisation, caseType: v.caseType, subject: v.subject, demands: v.demands, formData: formData,
          parties: [{ name: v.name, phone: v.phone, address: v.address, idNumber: v.sensitive ? v.idNumber : '' }],
          contactEmail: v.contactEmail,
          consent: { personal: v.personal, sensitive: v.sensitive },
        }).then(function (res) {
          // The files go to the new case right after it is filed; a refusal does not undo the filing.
          var files = $('#evidence-files').files;
          var sent = files.length ? uploadEvidence(res.data.referenceNo, files).then(function (u) { return '已同时提交证据材料' + u.data.length + '个。'; }, function (e) {
            return '证据材料未能上传（' + e.message + '），可在事项页面补充上传。';
          }) : Promise.resolve('');
          return sent.then(function (note) {
            show('<h1>已提交</h1><div class="card"><p>信访事项编号</p><p class="code" id="ref">' + esc(res.data.referenceNo) + '</p>' +
              '<p>查询码</p><p class="code" id="qcode">' + esc(res.data.queryCode) + '</p>' +
              '<p>请保存编号和查询码（已同时短信发送）。受理与否将在15日内告知。</p>' + (note ? '<p id="evidence-note">' + esc(note) + '</p>' : '') +
              '</div><p><a class="nav" href="#/cases">查看我的事项</a></p>');
          });
        }, function (e) { showError(form, e); });
      };
    });
  }

  logoutBtn.onclick = function () { api('POST', 'logout').then(function () { location.hash = '#/'; }); };
  function route() {
    var h = location.hash.replace(/^#/, '') || '/';
    var m = h.match(/^\/case\/(.+)$/);
    if (m) return caseView(decodeURIComponent(m[1]));
    if (h === '/cases') return cases();
    if (h === '/new') return newPetition();
    return login(h === '/email' ? 'email' : 'phone');
  }
  window.addEventListener('hashchange', route);
  route();
})();
