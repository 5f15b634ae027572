import Handlebars from 'handlebars';

/** Subject, body and short form (SMS, in-app title) of one notification in one language. */
export interface NotificationTemplate {
  subject: string;
  body: string;
  short: string;
}

export type RenderedTemplate = NotificationTemplate;

/** A template used a variable its context does not have: the delivery fails with this reason, never a blank message. */
export class TemplateVariableMissingError extends Error {
  override name = 'TemplateVariableMissingError';

  constructor(readonly variable: string) {
    super(`template variable "${variable}" missing`);
  }
}

type Compiled = { render: HandlebarsTemplateDelegate; blockVariables: string[] };

/**
 * Handlebars in strict mode, as plain text (no HTML escaping; these are text emails and SMS) and without
 * helpers or partials: templates only place values their context provides. Strict mode does not cover
 * block parameters (`{{#each x}}`, `{{#if x}}`), so those are checked against the context before rendering.
 */
export class TemplateRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, Compiled>();

  render(template: NotificationTemplate, context: Record<string, unknown>): RenderedTemplate {
    return {
      subject: this.renderOne(template.subject, context).replace(/\s+/g, ' ').trim(),
      body: this.renderOne(template.body, context),
      short: this.renderOne(template.short, context).replace(/\s+/g, ' ').trim(),
    };
  }

  private renderOne(source: string, context: Record<string, unknown>): string {
    const compiled = this.compile(source);
    const missing = compiled.blockVariables.find((name) => context[name] === undefined);
    if (missing) throw new TemplateVariableMissingError(missing);
    try {
      return compiled.render(context);
    } catch (error) {
      const name = error instanceof Error ? /^"([^"]+)" not defined in/.exec(error.message)?.[1] : undefined;
      if (name) throw new TemplateVariableMissingError(name);
      throw error;
    }
  }

  private compile(source: string): Compiled {
    let compiled = this.compiled.get(source);
    if (!compiled) {
      compiled = {
        render: this.handlebars.compile(source, { strict: true, noEscape: true, knownHelpersOnly: true }),
        blockVariables: rootBlockVariables(this.handlebars.parse(source)),
      };
      this.compiled.set(source, compiled);
    }
    return compiled;
  }
}

/** Names used as block parameters at the template's top level, where the context is the root object. */
function rootBlockVariables(program: hbs.AST.Program): string[] {
  const names: string[] = [];
  for (const statement of program.body) {
    if (statement.type !== 'BlockStatement') continue;
    const block = statement as hbs.AST.BlockStatement;
    for (const param of block.params) {
      if (param.type === 'PathExpression') {
        const path = param as hbs.AST.PathExpression;
        if (path.depth === 0 && !path.data && path.parts.length > 0) names.push(path.parts[0]);
      }
    }
    // `if`/`unless` keep the root context inside; `each`/`with` change it.
    const helper = (block.path as hbs.AST.PathExpression).original;
    if (helper === 'if' || helper === 'unless') {
      names.push(...rootBlockVariables(block.program));
      if (block.inverse) names.push(...rootBlockVariables(block.inverse));
    }
  }
  return [...new Set(names)];
}
