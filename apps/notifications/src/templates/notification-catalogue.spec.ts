import { CATALOGUE, TOPICS } from '@ctip/contracts';
import Handlebars from 'handlebars';
import { dutyRosterNotification } from '../../test/fixtures/duty-roster.notification';
import { brokenTemplateNotification, testDigestNotification } from '../../test/fixtures/test-digest.notification';
import { defineCategory } from './notification-category';
import { NotificationCatalogue } from './notification-catalogue';
import type { NotificationKind } from './notification-kind';
import { PRODUCTION_KINDS } from './production-kinds';
import { TEMPLATE_LANGUAGES } from './recipient-locale';
import { TemplateRenderer } from './template-renderer';

/** Production's kinds, and the tests' own (added the same way), all held to the same rules. */
const KINDS: readonly NotificationKind[] = [...PRODUCTION_KINDS, testDigestNotification, dutyRosterNotification];

/** Fields that would carry details of a person: never a fact, never in a subject line. */
const PERSONAL_FIELD = /name|birth|address|email|phone|identity|passport|nationality|gender|note/i;

/** Values that must never reach a message: they stand for details of the person concerned. */
const CANARIES = { identity: { fullName: 'Canary Person', dateOfBirth: '2001-02-03' }, notes: 'met at the border', email: 'canary@x.test' };
const CANARY_VALUES = ['Canary Person', '2001-02-03', 'met at the border', 'canary@x.test'];

const BASE_URL = 'https://console.ctip.example/';
const SMS_LIMIT = 320;

/** The variables a template places, by name (nested paths by their first part). */
function templateVariables(source: string): string[] {
  const names: string[] = [];
  const walk = (program: hbs.AST.Program) => {
    for (const statement of program.body) {
      if (statement.type === 'MustacheStatement')
        names.push(((statement as hbs.AST.MustacheStatement).path as hbs.AST.PathExpression).parts[0]);
      if (statement.type === 'BlockStatement') {
        const block = statement as hbs.AST.BlockStatement;
        for (const param of block.params) if (param.type === 'PathExpression') names.push((param as hbs.AST.PathExpression).parts[0]);
        walk(block.program);
        if (block.inverse) walk(block.inverse);
      }
    }
  };
  walk(Handlebars.parse(source));
  return names;
}

describe(NotificationCatalogue.name, () => {
  const renderer = new TemplateRenderer();
  const render = (kind: NotificationKind, language: (typeof TEMPLATE_LANGUAGES)[number]) => {
    const facts = kind.facts({ ...kind.sample, ...CANARIES });
    const { context, links } = kind.present(facts, { language, timeZone: 'Europe/Chisinau' }, BASE_URL);
    return { links, message: renderer.render(kind.templates[language], context) };
  };
  const each = KINDS.flatMap((kind) => TEMPLATE_LANGUAGES.map((language) => [kind.topic, language, kind] as const));

  it('takes every kind given to it, each category once', () => {
    const catalogue = new NotificationCatalogue(KINDS);
    expect(catalogue.topics).toEqual(KINDS.map((kind) => kind.topic));
    expect(catalogue.categories.map((c) => c.name)).toEqual([
      'case-alert',
      'fund-notice',
      'fund-urgent',
      'training',
      'test-digest',
      'duty-roster',
    ]);
    expect(catalogue.forTopic(TOPICS.caseReported)).toBeUndefined();
  });

  it('refuses two kinds for one topic, and two different categories under one name', () => {
    expect(() => new NotificationCatalogue([testDigestNotification, testDigestNotification])).toThrow(
      `two notification kinds for ${TOPICS.caseReferralMade}`,
    );
    const lookalike = { ...dutyRosterNotification, category: defineCategory({ name: 'test-digest', urgent: false, digest: false }) };
    expect(() => new NotificationCatalogue([testDigestNotification, lookalike])).toThrow(
      'two different notification categories named test-digest',
    );
  });

  it('refuses a category that is urgent and digestible', () => {
    expect(() => defineCategory({ name: 'odd', urgent: true, digest: true })).toThrow('category odd is urgent and cannot be digested');
  });

  it.each(KINDS.map((kind) => [kind.topic, kind] as const))('%s: its sample is valid for its contract', (topic, kind) => {
    expect(CATALOGUE[topic].schema.safeParse(kind.sample).success).toBe(true);
  });

  it.each(KINDS.map((kind) => [kind.topic, kind] as const))('%s: keeps only facts of its contract, none personal', (topic, kind) => {
    const facts = kind.facts({ ...kind.sample, ...CANARIES });
    const contractFields = Object.keys(CATALOGUE[topic].schema.shape);
    expect(Object.keys(facts).length).toBeGreaterThan(0);
    for (const field of Object.keys(facts)) {
      expect(contractFields).toContain(field);
      expect(field).not.toMatch(PERSONAL_FIELD);
    }
  });

  it.each(each)('%s in %s: renders every part, in the language, with nothing missing, blank or personal', (_topic, language, kind) => {
    const { message } = render(kind, language);
    for (const part of [message.subject, message.body, message.short]) {
      expect(part.trim()).not.toBe('');
      expect(part).not.toMatch(/undefined|null|NaN|\[object Object\]|\{\{/);
      for (const canary of CANARY_VALUES) expect(part).not.toContain(canary);
    }
    if (language === 'ru') expect(message.body).toMatch(/[А-Яа-я]{5,}/);
    else expect(`${message.subject} ${message.body} ${message.short}`).not.toMatch(/[А-Яа-я]/);
    expect(message.short.length).toBeLessThanOrEqual(SMS_LIMIT);
  });

  it.each(each)('%s in %s: a subject line placing no personal field', (_topic, language, kind) => {
    for (const variable of templateVariables(kind.templates[language].subject)) expect(variable).not.toMatch(PERSONAL_FIELD);
  });

  it.each(each)('%s in %s: links into the console (https or relative), in the body and the short form', (_topic, language, kind) => {
    const { links, message } = render(kind, language);
    for (const link of Object.values(links)) expect(link).toMatch(/^(https:\/\/[^/]|\/(?!\/))/);
    expect(links.link.startsWith('https://console.ctip.example/') || links.link.startsWith('/')).toBe(true);
    expect(message.body).toContain(links.link);
    expect(message.short).toContain(links.link);
  });

  it('catches a template that uses a variable its context lacks', () => {
    expect(() => render(brokenTemplateNotification, 'en')).toThrow('template variable "declineNote" missing');
  });
});
