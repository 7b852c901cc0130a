import fs from 'fs';
import os from 'os';
import path from 'path';
import { attachmentsSource, ATTACHMENT_UID } from '../../plugins/fangtiao/server/src/casefile/strapi/sources';

/** The attachments hook of the case file: silent without the attachments module, its files once it is there. */
function fakeStrapi(withAttachments: boolean, rows: any[], root: string) {
  return {
    contentTypes: withAttachments ? { [ATTACHMENT_UID]: {} } : {},
    db: { query: () => ({ findMany: async () => rows }) },
    dirs: { app: { root } },
  } as any;
}

test('without the attachments module the case file has no attachment section', async () => {
  expect(
    await attachmentsSource.collect(fakeStrapi(false, [{ fileKey: 'documents/x.pdf' }], os.tmpdir()), {
      id: 1,
      documentId: 'p',
      referenceNo: 'R',
    }),
  ).toEqual([]);
});

test('with it, each attachment of the case is an item under 附件材料, read from private storage', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'casefile-src-'));
  const prev = process.env.FANGTIAO_PRIVATE_DIR;
  process.env.FANGTIAO_PRIVATE_DIR = path.join(root, 'private');
  try {
    fs.mkdirSync(path.join(root, 'private', 'documents'), { recursive: true });
    fs.writeFileSync(path.join(root, 'private', 'documents', 'a1.jpg'), 'JPEG');
    const rows = [
      {
        documentId: 'a1',
        name: '现场照片.jpg',
        mime: 'image/jpeg',
        fileKey: 'documents/a1.jpg',
        ownerKind: 'visit',
        createdAt: '2026-03-01T00:00:00Z',
      },
    ];
    const items = await attachmentsSource.collect(fakeStrapi(true, rows, root), { id: 1, documentId: 'p', referenceNo: 'R' });
    expect(items.map(({ bytes, ...rest }) => rest)).toEqual([
      { section: 'attachments', title: '来访附件：现场照片.jpg', name: '现场照片.jpg', at: '2026-03-01T00:00:00Z', mime: 'image/jpeg' },
    ]);
    expect((await items[0].bytes()).toString()).toBe('JPEG');
  } finally {
    if (prev === undefined) delete process.env.FANGTIAO_PRIVATE_DIR;
    else process.env.FANGTIAO_PRIVATE_DIR = prev;
    fs.rmSync(root, { recursive: true, force: true });
  }
});
