import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';

export type CertificateLanguage = 'en' | 'ru';

/** What a certificate shows; the name is read from the participant when the PDF is made, never stored with it. */
export interface CertificateContent {
  language: CertificateLanguage;
  participantName: string;
  eventTitle: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  place: string;
  verificationCode: string;
  /** Where the code is checked, e.g. `https://…/certificate-verifications/<code>`. */
  verificationUrl: string;
}

const TEXT: Record<CertificateLanguage, { heading: string; attended: string; held: string; verify: string }> = {
  en: {
    heading: 'Certificate of attendance',
    attended: 'has attended',
    held: 'held',
    verify: 'Verification code',
  },
  ru: {
    heading: 'Сертификат об участии',
    attended: 'принял(а) участие в мероприятии',
    held: 'проведённом',
    verify: 'Код проверки',
  },
};

// DejaVu covers Latin and Cyrillic; pdfkit's built-in Helvetica has no Cyrillic glyphs.
const REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/** The dates as the venue counts them, in the certificate's language: "2–3 October 2010" / "2–3 октября 2010 г.". */
export function certificateDates(startsAt: string, endsAt: string, timeZone: string, language: CertificateLanguage): string {
  const start = DateTime.fromISO(startsAt, { zone: timeZone }).setLocale(language);
  const end = DateTime.fromISO(endsAt, { zone: timeZone }).setLocale(language);
  const year = language === 'ru' ? ' г.' : '';
  if (start.hasSame(end, 'day')) return `${start.toFormat('d MMMM yyyy')}${year}`;
  if (start.hasSame(end, 'month')) return `${start.toFormat('d')}–${end.toFormat('d MMMM yyyy')}${year}`;
  if (start.hasSame(end, 'year')) return `${start.toFormat('d MMMM')} – ${end.toFormat('d MMMM yyyy')}${year}`;
  return `${start.toFormat('d MMMM yyyy')} – ${end.toFormat('d MMMM yyyy')}${year}`;
}

/** Renders a one-page A4 landscape certificate with pdfkit; fonts are embedded (subset), so it reads everywhere. */
export function renderCertificatePdf(content: CertificateContent): Promise<Buffer> {
  const text = TEXT[content.language];
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 60,
    info: { Title: text.heading, Subject: content.eventTitle, Creator: 'ctip training-events' },
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 120;
  doc
    .rect(30, 30, doc.page.width - 60, doc.page.height - 60)
    .lineWidth(2)
    .stroke('#1f4e79');
  doc.moveDown(2).font('bold').fontSize(30).fillColor('#1f4e79').text(text.heading, 60, undefined, { width, align: 'center' });
  doc.moveDown(1.5).font('bold').fontSize(24).fillColor('black').text(content.participantName, { width, align: 'center' });
  doc.moveDown(0.8).font('regular').fontSize(14).text(text.attended, { width, align: 'center' });
  doc.moveDown(0.8).font('bold').fontSize(18).text(content.eventTitle, { width, align: 'center' });
  doc
    .moveDown(0.8)
    .font('regular')
    .fontSize(14)
    .text(`${text.held} ${certificateDates(content.startsAt, content.endsAt, content.timeZone, content.language)}, ${content.place}`, {
      width,
      align: 'center',
    });
  doc
    .font('regular')
    .fontSize(10)
    .fillColor('#444444')
    .text(`${text.verify}: ${content.verificationCode} — ${content.verificationUrl}`, 60, doc.page.height - 100, {
      width,
      align: 'center',
    });
  doc.end();
  return done;
}
