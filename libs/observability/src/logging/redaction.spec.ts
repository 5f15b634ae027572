import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACT_PATHS } from './redaction';

describe('log redaction', () => {
  it('censors secrets and personal fields at any of the first three levels', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
    logger.info(
      {
        req: { headers: { authorization: 'Bearer abc.def.ghi' } },
        identity: { fullName: 'Canary Person' },
        report: { notes: 'met at the border', person: { dateOfBirth: '2001-02-03', phone: '+37360000000' } },
        caseRef: 'RR-2026-000001',
        urgent: { justification: 'intervention for the case of the girl from Balti' },
        review: { scores: { impact: { score: 4, justification: 'reviewer canary' } } },
      },
      'case reported',
    );
    const line = lines.join('');
    for (const secret of ['abc.def.ghi', 'Canary Person', 'met at the border', '2001-02-03', '+37360000000', 'girl from Balti']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('RR-2026-000001');
  });
});
