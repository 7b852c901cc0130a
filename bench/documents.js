'use strict';
/**
 * Document rendering benchmark: a typical mediation agreement through the layout engine,
 * against raw pdfkit drawing the same agreement with the same font (no layout engine:
 * registerFont + text calls, pdfkit's own wrapping and page flow).
 *
 * Both sides get the font already parsed once per process (fontkit object, as the engine
 * caches it), so the ratio is the engine's own overhead. A second baseline registers the
 * cached font bytes (Buffer), as plain pdfkit code usually does; it is reported for
 * information.
 *
 * Usage: require('./documents').run({ root, log }) after compiling the app (npx tsc).
 */
const path = require('path');

const RUNS = 60;
const WARMUP = 10;

const options = {
  committeeName: '莲都区紫金街道人民调解委员会',
  verificationCode: 'K7Q3W9ZD2M',
  verifyUrl: 'https://fangtiao.example.org/v/K7Q3W9ZD2M',
  createdAt: '2026-03-02',
};

const agreement = {
  agreementNumber: '（2026）莲紫调字第12号',
  parties: [
    { name: '张建国', sex: '男', idNumber: '33110219700101123X', phone: '13800000001' },
    { name: '李秀英', sex: '女', idNumber: '331102197502024567', phone: '13900000002' },
  ],
  facts: '双方系相邻住户，乙方砌筑围墙占用双方共用通道，致甲方车辆无法通行',
  disputedMatters: '围墙是否占用共用通道及损失赔偿',
  responsibilities: '乙方未经协商擅自砌墙，负主要责任',
  terms: [{ obligor: '乙方', what: '拆除占用通道部分的围墙，并向甲方支付补偿2000元', how: '银行转账', byWhen: '2026-03-31' }],
  mediators: ['王明'],
  date: '2026-03-02',
};

/** The same agreement drawn with plain pdfkit calls. */
function rawPdfkit(PDFDocument, song, songBold, qr) {
  return new Promise((resolve, reject) => {
    const mm = 72 / 25.4;
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 37 * mm, bottom: 35 * mm, left: 28 * mm, right: 26 * mm },
      font: null,
      info: { Title: '人民调解协议书', CreationDate: new Date('2026-03-02') },
    });
    const chunks = [];
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('song', song);
    doc.registerFont('songBold', songBold);
    const body = { lineGap: 13, indent: 32, align: 'justify' };
    const p = (text) => doc.font('song').fontSize(16).text(text, body);
    doc.font('songBold').fontSize(22).text('人民调解协议书', { align: 'center' }).moveDown(0.5);
    doc.font('song').fontSize(16).text(`编号：${agreement.agreementNumber}`, { align: 'right' });
    p('甲方：张建国，男，公民身份号码：33110219700101123X，联系电话：13800000001。');
    p('乙方：李秀英，女，公民身份号码：331102197502024567，联系电话：13900000002。');
    p(`一、纠纷主要事实：${agreement.facts}。`);
    p(`二、争议事项：${agreement.disputedMatters}。`);
    p(`三、各方当事人的责任：${agreement.responsibilities}。`);
    p(`四、经${options.committeeName}调解（人民调解员：王明），各方当事人自愿达成如下协议：`);
    p('（一）乙方拆除占用通道部分的围墙，并向甲方支付补偿2000元。履行方式：银行转账；履行期限：2026年3月31日。');
    p(
      '五、本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效，具有法律约束力，当事人应当按照约定履行。各方当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认。',
    );
    p('六、本协议一式三份，当事人各执一份，人民调解委员会留存一份。');
    doc.moveDown();
    doc.font('songBold').text('甲方（签名）：                乙方（签名）：');
    doc.font('song').text('2026年3月2日                  2026年3月2日');
    doc.font('songBold').text('人民调解员（签名）：');
    doc.font('song').text('2026年3月2日');
    doc.moveDown().text(`${options.committeeName}（盖章）`, { align: 'right' }).text('2026年3月2日', { align: 'right' });
    doc.fontSize(9).text(`核验码：${options.verificationCode}　核验网址：${options.verifyUrl}`, 28 * mm, 800, { lineBreak: false });
    doc.image(qr, 595 - 26 * mm - 42, 750, { width: 42 });
    doc.end();
  });
}

/** Median ms of each function; runs are interleaved so load on the machine hits all alike. */
async function medians(fns) {
  for (let i = 0; i < WARMUP; i++) for (const fn of fns) await fn();
  const times = fns.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, fn] of fns.entries()) {
      const t = process.hrtime.bigint();
      await fn();
      times[k].push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  return times.map((ts) => ts.sort((a, b) => a - b)[Math.floor(ts.length / 2)]);
}

async function run({ root, log = console.log }) {
  const documents = require(path.join(root, 'dist/plugins/fangtiao/server/src/documents'));
  const fonts = require(path.join(root, 'dist/plugins/fangtiao/server/src/documents/fonts'));
  const qr = require(path.join(root, 'dist/plugins/fangtiao/server/src/documents/qr'));
  const PDFDocument = require(require.resolve('pdfkit', { paths: [root] }));
  const fs = require('fs');

  const pdf = await documents.renderDocument('mediation-agreement', agreement, options);
  const pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) || []).length;

  const qrPng = await qr.qrPng(options.verifyUrl);
  const song = fonts.loadFont('song');
  const songBold = fonts.loadFont('songBold');
  // Plain pdfkit habit: font bytes read once, parsed again by every document.
  const songBytes = fs.readFileSync(fonts.fontPath('song'));
  const boldBytes = fs.readFileSync(fonts.fontPath('songBold'));
  const [agreementMs, rawMs, rawBytesMs] = await medians([
    () => documents.renderDocument('mediation-agreement', agreement, options),
    () => rawPdfkit(PDFDocument, song, songBold, qrPng),
    () => rawPdfkit(PDFDocument, songBytes, boldBytes, qrPng),
  ]);

  const metrics = {
    agreement_p50_ms: round(agreementMs),
    agreement_kb: round(pdf.length / 1024),
    raw_pdfkit_p50_ms: round(rawMs),
    vs_raw_pdfkit_ratio: round(agreementMs / rawMs),
  };
  const rows = [
    ['agreement_p50_ms', metrics.agreement_p50_ms, '<= 50'],
    ['agreement_kb', metrics.agreement_kb, '<= 150'],
    ['raw_pdfkit_p50_ms', metrics.raw_pdfkit_p50_ms, '(baseline, same parsed font)'],
    ['vs_raw_pdfkit_ratio', metrics.vs_raw_pdfkit_ratio, '<= 1.5'],
    ['raw_pdfkit_font_bytes_p50_ms', round(rawBytesMs), '(info: font re-parsed per document)'],
    ['agreement_pages', pages, '(info: GB/T 9704 grid, 22 lines a page)'],
  ];
  log(
    `documents: agreement ${metrics.agreement_p50_ms} ms, ${metrics.agreement_kb} KB, ${pages} page(s); raw pdfkit ${metrics.raw_pdfkit_p50_ms} ms (font bytes: ${round(rawBytesMs)} ms); ratio ${metrics.vs_raw_pdfkit_ratio}`,
  );
  return { metrics, rows };
}

const round = (n) => Math.round(n * 100) / 100;

module.exports = { run };

if (require.main === module) {
  run({ root: path.join(__dirname, '..') }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
