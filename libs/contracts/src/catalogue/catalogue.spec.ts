import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CATALOGUE, TOPICS } from '../topics';
import { defineCatalogue, defineEvent } from './define-event';
import { renderCatalogue } from './render-catalogue';

describe('event catalogue', () => {
  it('keeps docs/events.md identical to what the schemas render (run npm run docs:events)', () => {
    const committed = readFileSync(join(__dirname, '../../../../docs/events.md'), 'utf8');
    expect(committed).toBe(renderCatalogue(CATALOGUE));
  });

  it('names every topic with a version suffix and lists it in TOPICS', () => {
    for (const topic of Object.keys(CATALOGUE)) expect(topic).toMatch(/^[a-z]+(\.[a-z-]+)+\.v\d+$/);
    expect(Object.values(TOPICS).sort()).toEqual(Object.keys(CATALOGUE).sort());
  });

  it('derives type and version from the topic name', () => {
    const def = defineEvent('proposal.submitted.v2', z.object({ proposalId: z.string() }), {
      description: 'x',
      keyField: 'proposalId',
    });
    expect(def).toMatchObject({ type: 'proposal.submitted', version: 2 });
  });

  it('refuses an unversioned topic and a topic defined twice', () => {
    expect(() => defineEvent('proposal.submitted', z.object({}), { description: 'x', keyField: 'id' })).toThrow(/must end in \.v<version>/);
    const def = defineEvent('a.b.v1', z.object({}), { description: 'x', keyField: 'id' });
    expect(() => defineCatalogue(def, def)).toThrow(/defined twice/);
  });

  it('has alert payloads that cannot carry a name or notes of the person', () => {
    const raised = CATALOGUE['case.alert.raised.v1'].schema.shape;
    for (const field of Object.keys(raised)) expect(field).not.toMatch(/name|birth|address|phone|note|email/i);
  });
});
