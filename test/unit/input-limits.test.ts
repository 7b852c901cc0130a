import { LIMITS, attributeProblems, characterProblem, jsonProblems, textProblem, typeProblems } from '../../src/input-limits/rules';
import { csvCell, csvFile } from '../../src/csv';
import { validateFormData } from '../../src/case-types/form-schema';

describe('characters a client may send', () => {
  test.each([
    ['NUL', 'a\u0000b', 'U+0000'],
    ['a bell', 'a\u0007b', 'U+0007'],
    ['a carriage return', 'a\rb', 'U+000D'],
    ['DEL', 'a\u007fb', 'U+007F'],
    ['a C1 control', 'a\u0085b', 'U+0085'],
    ['a left-to-right embedding', 'a\u202Ab', 'U+202A'],
    ['a right-to-left override', 'a\u202Eb', 'U+202E'],
    ['a first-strong isolate', 'a\u2068b', 'U+2068'],
    ['a pop-directional isolate', 'a\u2069b', 'U+2069'],
  ])('%s is refused in a long text', (_, s, reason) => {
    expect(characterProblem(s, true)).toContain(reason);
  });

  test('a lone high or low surrogate is refused, a pair (an emoji, a rare hanzi) is not', () => {
    expect(characterProblem('a\ud800', true)).toContain('代理字符');
    expect(characterProblem('\udc00a', true)).toContain('代理字符');
    expect(characterProblem('\ud800\ud800\udc00', true)).toContain('代理字符');
    expect(characterProblem('调解👍𠀀', false)).toBeNull();
  });

  test('line feeds and tabs are allowed in long texts only', () => {
    expect(characterProblem('一\n二\t三', true)).toBeNull();
    expect(characterProblem('一\n二', false)).toBe('不能含换行符或制表符');
    expect(characterProblem('一\t二', false)).toBe('不能含换行符或制表符');
  });
});

describe('lengths and numbers', () => {
  test('a one-line field holds 200 characters, counted as a reader counts them', () => {
    expect(textProblem('𠀀'.repeat(200), 'short')).toBeNull();
    expect(textProblem('张'.repeat(201), 'short')).toBe('最多200个字（现为201个）');
    expect(textProblem('要'.repeat(LIMITS.longText), 'long')).toBeNull();
    expect(textProblem('要'.repeat(LIMITS.longText + 1), 'long')).toContain('最多20000个字');
  });

  test('numbers are finite and within ±1,000,000,000 and the attribute’s own bounds', () => {
    const attrs = { headcount: { type: 'integer', min: 1, max: 100000 }, amount: { type: 'decimal' } };
    const problems = (data: Record<string, unknown>) => attributeProblems(attrs, data, () => undefined).map((p) => p.path.join('.'));
    expect(problems({ headcount: 1e308 })).toEqual(['headcount']);
    expect(problems({ headcount: 100_001 })).toEqual(['headcount']);
    expect(problems({ headcount: 0 })).toEqual(['headcount']);
    expect(problems({ headcount: 2.5 })).toEqual(['headcount']);
    expect(problems({ headcount: 3, amount: '12.50' })).toEqual([]);
    expect(problems({ amount: '1e12' })).toEqual(['amount']);
    expect(jsonProblems({ a: [1, -1e10] }).map((p) => p.path.join('.'))).toEqual(['a.1']);
  });

  test('a repeatable component holds at most 50 items, each checked by its own attributes', () => {
    const attrs = { parties: { type: 'component', repeatable: true, component: 'case.party' } };
    const party = { name: { type: 'string' }, headcount: { type: 'integer', max: 100000 } };
    const check = (parties: object[]) => attributeProblems(attrs, { parties }, () => party).map((p) => p.path.join('.'));
    expect(check(Array.from({ length: 50 }, () => ({ name: '张三' })))).toEqual([]);
    expect(check(Array.from({ length: 51 }, () => ({ name: '张三' })))).toEqual(['parties']);
    expect(check([{ name: '张三' }, { name: '李\n四', headcount: 1e308 }])).toEqual(['parties.1.name', 'parties.1.headcount']);
  });

  test('a body reports at most 20 problems, lists at most 1000 items, nesting at most 12 levels', () => {
    expect(jsonProblems(Array.from({ length: 500 }, () => '\u0000'))).toHaveLength(LIMITS.reported);
    expect(jsonProblems({ ids: new Array(1001).fill('x') })[0].message).toContain('最多1000项');
    let deep: unknown = 'x';
    for (let i = 0; i < 20; i++) deep = { d: deep };
    expect(jsonProblems(deep)[0].message).toContain('嵌套');
    expect(jsonProblems({ ['\u202Ekey']: 1 })[0].message).toContain('字段名');
  });
});

describe('case-type forms', () => {
  const schema = {
    fields: [
      { key: 'place', label: '地点', type: 'text' as const },
      { key: 'note', label: '说明', type: 'textarea' as const },
      { key: 'amount', label: '金额', type: 'money' as const },
    ],
  };
  test('a text field is one line of at most 200 characters, a textarea at most 20000, a number in range', () => {
    const fields = (data: object) => validateFormData(schema, data).errors.map((e) => e.field);
    expect(fields({ place: '新桥村', note: '一\n二', amount: 12.5 })).toEqual([]);
    expect(fields({ place: '新桥\n村' })).toEqual(['place']);
    expect(fields({ place: '张'.repeat(201) })).toEqual(['place']);
    expect(fields({ note: '要'.repeat(20_001) })).toEqual(['note']);
    expect(fields({ note: '说明\u202E' })).toEqual(['note']);
    expect(fields({ amount: 1e308 })).toEqual(['amount']);
  });
});

describe('CSV cells a spreadsheet would run as formulas', () => {
  test.each(['=1+1', '+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1', '|calc', '＝1', '＋1', '－1', '＠A'])(
    '%j gets a leading apostrophe',
    (v) => {
      const cell = csvCell(v);
      expect(cell.startsWith(`"'`)).toBe(true);
      expect(cell).toBe(`"'${v.replace(/"/g, '""')}"`);
    },
  );

  test('plain text and numbers are left as they are, quotes and commas are quoted', () => {
    expect(csvCell('邻里纠纷')).toBe('邻里纠纷');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvFile([['a', 1]])).toBe('\ufeffa,1\r\n');
  });
});

describe('typeProblems (writes below the document service: jurisdiction/create-in-scope)', () => {
  const party = {
    name: { type: 'string', required: true },
    role: { type: 'enumeration', enum: ['petitioner', 'respondent', 'other'] },
    headcount: { type: 'integer' },
    isRepresentative: { type: 'boolean' },
    consentAt: { type: 'datetime' },
  };
  const model = {
    subject: { type: 'string', required: true },
    demands: { type: 'text' },
    visitedAt: { type: 'datetime' },
    parties: { type: 'component', component: 'case.party', repeatable: true },
  };
  const components = (uid: string) => (uid === 'case.party' ? party : undefined);
  const paths = (data: Record<string, unknown>, creating = true) =>
    typeProblems(model, data, components, creating).map((p) => p.path.join('.'));

  test('values of the right types pass', () => {
    const at = new Date();
    expect(
      paths({
        subject: '排水',
        demands: null,
        visitedAt: at,
        parties: [{ name: '张三', role: 'other', headcount: 2, isRepresentative: false, consentAt: at.toISOString() }],
      }),
    ).toEqual([]);
  });
  test('each wrong type is named by its path', () => {
    expect(
      paths({
        subject: 7,
        demands: ['x'],
        visitedAt: 'not a date',
        parties: [{ name: '张三', role: 'witness', headcount: 1.5, isRepresentative: 'yes', consentAt: {} }, 'x'],
      }),
    ).toEqual([
      'subject',
      'demands',
      'visitedAt',
      'parties.0.role',
      'parties.0.headcount',
      'parties.0.isRepresentative',
      'parties.0.consentAt',
      'parties.1',
    ]);
  });
  test('a required value is missing only when creating; a repeatable component must be a list', () => {
    expect(paths({ parties: [{}] })).toEqual(['subject', 'parties.0.name']);
    expect(paths({ parties: [{}] }, false)).toEqual([]);
    expect(paths({ subject: 'x', parties: { name: '张三' } })).toEqual(['parties']);
  });
});
