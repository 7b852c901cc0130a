import { entryNames, itemKind, orderItems, tableOfContents, caseFileNames } from '../../plugins/fangtiao/server/src/casefile/rules';

/** 一案一档, pure: order, names, contents. */
const REF = '990102-2026-000007';

test('items go by section, then oldest first: the same case gives the same file', () => {
  const items = [
    { section: 'signed' as const, at: '2026-03-02', name: 'b' },
    { section: 'documents' as const, at: '2026-03-05', name: 'v2' },
    { section: 'documents' as const, at: '2026-03-01', name: 'v1' },
    { section: 'timeline' as const, at: null, name: 't' },
  ];
  expect(orderItems(items).map((i) => i.name)).toEqual(['t', 'v1', 'v2', 'b']);
});

test('every zip entry is unique, in a numbered section folder, and carries the case number', () => {
  const names = entryNames(REF, [
    { section: 'documents', name: `${REF}-人民调解协议书-v1.pdf` },
    { section: 'attachments', name: '照片.jpg' },
    { section: 'attachments', name: '照片.jpg' },
    { section: 'attachments', name: '合同/第1页?.png' },
  ]);
  expect(names).toEqual([
    `${REF}-一案一档/03-文书/${REF}-人民调解协议书-v1.pdf`,
    `${REF}-一案一档/06-附件材料/${REF}-照片.jpg`,
    `${REF}-一案一档/06-附件材料/${REF}-照片-2.jpg`,
    `${REF}-一案一档/06-附件材料/${REF}-合同_第1页_.png`,
  ]);
});

test('PDFs are merged as they are, PNG and JPEG placed on pages, anything else only zipped', () => {
  expect([
    itemKind('application/pdf'),
    itemKind('image/jpeg'),
    itemKind('application/octet-stream', 'x.PNG'),
    itemKind('image/heic', 'x.heic'),
  ]).toEqual(['pdf', 'image', 'image', 'other']);
});

test('the contents number pages after the cover and contents; a zip-only item has no page', () => {
  const toc = tableOfContents(2, [
    { section: 'timeline', title: '办理经过', pages: 2 },
    { section: 'signed', title: '签署件', pages: 0 },
    { section: 'documents', title: '协议书', pages: 1 },
  ]);
  expect(toc.map((t) => t.page)).toEqual([3, null, 5]);
});

test('the merged PDF and the zip are named by the case number, with an ASCII fallback', () => {
  expect(caseFileNames(REF)).toMatchObject({ pdf: `${REF}-一案一档.pdf`, asciiZip: `${REF}-case-file.zip` });
});
