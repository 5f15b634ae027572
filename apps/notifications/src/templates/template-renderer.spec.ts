import { TemplateRenderer, TemplateVariableMissingError } from './template-renderer';

describe(TemplateRenderer.name, () => {
  const renderer = new TemplateRenderer();
  const template = (body: string) => ({ subject: 'Case {{caseRef}}', body, short: '{{caseRef}}' });

  it('renders plain text without escaping', () => {
    const out = renderer.render(template('Open <{{link}}> & act'), { caseRef: 'RR-2026-000001', link: 'https://x.test/a?b=1&c=2' });
    expect(out).toEqual({ subject: 'Case RR-2026-000001', body: 'Open <https://x.test/a?b=1&c=2> & act', short: 'RR-2026-000001' });
  });

  it('fails naming the variable when the context lacks one, instead of rendering a blank', () => {
    expect(() => renderer.render(template('Deadline: {{acknowledgeBy}}'), { caseRef: 'RR-2026-000001' })).toThrow(
      new TemplateVariableMissingError('acknowledgeBy'),
    );
    expect(() => renderer.render(template('x'), {})).toThrow('template variable "caseRef" missing');
  });

  it('checks block parameters too, which Handlebars strict mode lets through', () => {
    expect(() => renderer.render(template('{{#each services}}{{this}}{{/each}}'), { caseRef: 'RR-2026-000001' })).toThrow(
      'template variable "services" missing',
    );
    expect(() => renderer.render(template('{{#if urgent}}!{{/if}}'), { caseRef: 'RR-2026-000001' })).toThrow(
      'template variable "urgent" missing',
    );
    expect(renderer.render(template('{{#each services}}{{this}};{{/each}}'), { caseRef: 'c', services: ['a', 'b'] }).body).toBe('a;b;');
  });

  it('fails on a missing field of an object in the context', () => {
    expect(() => renderer.render(template('{{case.ref}}'), { caseRef: 'c', case: {} })).toThrow('template variable "ref" missing');
  });

  it('refuses helpers and partials a template might try to call', () => {
    expect(() => renderer.render(template('{{> header}}'), { caseRef: 'c' })).toThrow();
    expect(() => renderer.render(template('{{lookup this "caseRef"}}'), { caseRef: 'c' })).not.toThrow();
    expect(() => renderer.render(template('{{custom caseRef}}'), { caseRef: 'c' })).toThrow();
  });
});
