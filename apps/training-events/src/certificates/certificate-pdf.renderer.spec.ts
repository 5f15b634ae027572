import { PDFParse } from 'pdf-parse';
import { certificateDates, renderCertificatePdf } from './certificate-pdf.renderer';

const textOf = async (pdf: Buffer) => {
  const parser = new PDFParse({ data: pdf });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
};

describe(renderCertificatePdf.name, () => {
  it('renders a Russian certificate whose extracted text holds the name, the title and the code in Cyrillic', async () => {
    const pdf = await renderCertificatePdf({
      language: 'ru',
      participantName: 'Гульнара Атаева',
      eventTitle: 'Выявление жертв торговли людьми и помощь им',
      startsAt: '2010-10-02T09:00:00+05:00',
      endsAt: '2010-10-03T17:00:00+05:00',
      timeZone: 'Asia/Ashgabat',
      place: 'Туркменбаши',
      verificationCode: '7KQM-3XPV-9TRA-2HWE',
      verificationUrl: 'http://127.0.0.1:3003/certificate-verifications/7KQM-3XPV-9TRA-2HWE',
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await textOf(pdf)).replace(/\s+/g, ' ');
    expect(text).toContain('Сертификат об участии');
    expect(text).toContain('Гульнара Атаева');
    expect(text).toContain('Выявление жертв торговли людьми и помощь им');
    expect(text).toContain('2–3 октября 2010 г.');
    expect(text).toContain('7KQM-3XPV-9TRA-2HWE');
  });

  it('renders an English certificate', async () => {
    const pdf = await renderCertificatePdf({
      language: 'en',
      participantName: 'Ana Popescu',
      eventTitle: 'Training of trainers for focal points',
      startsAt: '2026-03-10T08:00:00Z',
      endsAt: '2026-03-10T16:00:00Z',
      timeZone: 'Europe/Vienna',
      place: 'Vienna',
      verificationCode: 'AAAA-BBBB-CCCC-DDDD',
      verificationUrl: 'https://example.org/certificate-verifications/AAAA-BBBB-CCCC-DDDD',
    });
    const text = (await textOf(pdf)).replace(/\s+/g, ' ');
    expect(text).toContain('Certificate of attendance');
    expect(text).toContain('Ana Popescu has attended');
  });
});

describe(certificateDates.name, () => {
  it('writes the dates as the venue counts them, in the language', () => {
    expect(certificateDates('2010-10-02T09:00:00+05:00', '2010-10-03T17:00:00+05:00', 'Asia/Ashgabat', 'en')).toBe('2–3 October 2010');
    expect(certificateDates('2000-06-20T07:00:00Z', '2000-06-20T15:00:00Z', 'Europe/Vienna', 'ru')).toBe('20 июня 2000 г.');
    expect(certificateDates('2026-09-30T07:00:00Z', '2026-10-01T15:00:00Z', 'Europe/Vienna', 'en')).toBe('30 September – 1 October 2026');
  });
});
