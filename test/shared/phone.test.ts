import { describe, expect, it } from 'vitest';
import { carrierOf, checkNumberList, checkPhone } from '../../shared/phone.js';

describe('checkPhone', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['(+86) 138 0013 8000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    [' 13800138000\t', '13800138000'],
  ])('normalises %j to %s', (input, number) => {
    expect(checkPhone(input)).toMatchObject({ ok: true, number, carrier: 'china-mobile' });
  });

  it.each([
    ['', 'empty'],
    [' - ', 'empty'],
    ['1380013800a', 'not-digits'],
    ['138001380001', 'wrong-length'],
    ['1380013800', 'wrong-length'],
    ['86138001380', 'not-mobile'],
    ['+8612345', 'wrong-length'],
    ['02112345678', 'not-mobile'],
    ['12345678901', 'not-mobile'],
    ['+1 415 555 0100', 'foreign'],
    ['0044 7700 900123', 'foreign'],
  ])('rejects %j as %s', (input, problem) => {
    expect(checkPhone(input)).toEqual({ ok: false, input, problem });
  });

  it('warns about numbers outside China Mobile ranges but accepts them', () => {
    expect(checkPhone('13012345678')).toEqual({ ok: true, number: '13012345678', carrier: 'china-unicom', warning: 'not-china-mobile' });
    expect(checkPhone('18912345678')).toMatchObject({ ok: true, carrier: 'china-telecom', warning: 'not-china-mobile' });
    expect(checkPhone('19212345678')).toMatchObject({ ok: true, carrier: 'china-broadnet' });
    expect(checkPhone('17012345678')).toMatchObject({ ok: true, carrier: 'mvno' });
    expect(carrierOf('13491234567')).toBe('unknown');
    expect(carrierOf('19812345678')).toBe('china-mobile');
  });
});

describe('checkNumberList', () => {
  it('splits pasted text, dedupes after normalising, keeps order and reports problems by line', () => {
    const r = checkNumberList('13800138000, +8613800138000\n13900139000；abc\n\n13012345678、13900139000');
    expect(r.numbers).toEqual(['13800138000', '13900139000', '13012345678']);
    expect(r.duplicates).toEqual(['13800138000', '13900139000']);
    expect(r.invalid).toEqual([{ input: 'abc', problem: 'not-digits', line: 2 }]);
    expect(r.notChinaMobile).toEqual(['13012345678']);
  });
});
