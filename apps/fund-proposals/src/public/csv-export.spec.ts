import { csvCell, toCsv } from './csv-export';

describe(toCsv.name, () => {
  it('quotes cells with commas, quotes and line breaks, doubling the quotes (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('Albania, Kosovo')).toBe('"Albania, Kosovo"');
    expect(csvCell('the "NRM" handbook')).toBe('"the ""NRM"" handbook"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x.test","click")')).toBe(`"'=HYPERLINK(""http://x.test"",""click"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('leaves numbers and booleans as they are', () => {
    expect(csvCell(1250.5)).toBe('1250.5');
    expect(csvCell(true)).toBe('true');
  });

  it('ends every record, the header included, with CRLF', () => {
    expect(toCsv(['a', 'b'], [['1', 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });
});
