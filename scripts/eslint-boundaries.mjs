/**
 * The lint rule behind ARCHITECTURE.md's "Who may import whom": each import is resolved to a path in the
 * repository (or kept as a package name) and checked against the folder's forbidden targets, given in
 * eslint.config.js. Resolving first means `../text/engine` and `../../workers/text/engine` read alike.
 */
import path from 'node:path';

/** @type {import('eslint').Rule.RuleModule} */
const imports = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps each folder to the imports the architecture allows it.' },
    schema: [
      {
        type: 'object',
        properties: {
          forbid: {
            type: 'array',
            items: {
              type: 'object',
              properties: { target: { type: 'string' }, except: { type: 'string' }, why: { type: 'string' } },
              required: ['target', 'why'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const forbid = (context.options[0]?.forbid ?? []).map((f) => ({ ...f, target: new RegExp(f.target), except: f.except && new RegExp(f.except) }));
    const root = context.cwd;
    const check = (source) => {
      if (!source || typeof source.value !== 'string') return;
      const specifier = source.value.replace(/\?.*$/, '');
      const target = specifier.startsWith('.') ? path.relative(root, path.resolve(path.dirname(context.filename), specifier)).split(path.sep).join('/') : specifier;
      const rule = forbid.find((f) => f.target.test(target) && !(f.except && f.except.test(target)));
      if (rule) context.report({ node: source, message: `"${source.value}" is not allowed here: ${rule.why} (see ARCHITECTURE.md, "Who may import whom").` });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source.type === 'Literal' ? node.source : undefined),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
    };
  },
};

export default { rules: { imports } };
