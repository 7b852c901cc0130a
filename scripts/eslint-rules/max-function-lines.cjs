/**
 * `local/max-function-lines`: ESLint's max-lines-per-function (every line counted, comments and
 * blank lines too), with one difference — a function that is a property of an object literal is
 * measured on its own and not counted again (nor its doc comment, nor the blank lines between such
 * members) in the function around it. So a service factory
 * `({ strapi }) => ({ async list() {…}, async move() {…} })` is a container whose methods are each
 * held to the limit, while a long component, job or query builder is still one long function.
 * Options: { max: number, allow: string[] } — `allow` names functions that are tables of data
 * (see eslint.config.cjs), never procedures.
 */
module.exports = {
  meta: {
    type: 'suggestion',
    docs: { description: 'limit the lines of a function, methods of object literals measured on their own' },
    schema: [
      {
        type: 'object',
        properties: { max: { type: 'integer', minimum: 1 }, allow: { type: 'array', items: { type: 'string' } } },
        additionalProperties: false,
      },
    ],
    messages: { tooLong: '{{name}} has too many lines ({{lines}}). Maximum allowed is {{max}}: split it by what it does.' },
  },
  create(context) {
    const { max = 80, allow = [] } = context.options[0] ?? {};
    const stack = [];
    const isMember = (node) =>
      node.parent?.type === 'Property' && node.parent.value === node && node.parent.parent?.type === 'ObjectExpression';
    const nameOf = (node) => {
      if (node.id?.name) return node.id.name;
      const p = node.parent;
      if (p?.type === 'Property' || p?.type === 'MethodDefinition') return p.key?.name ?? p.key?.value ?? 'method';
      if (p?.type === 'VariableDeclarator') return p.id?.name ?? 'function';
      return 'function';
    };
    const source = context.sourceCode ?? context.getSourceCode();
    const enter = (node) => stack.push({ node, members: [] });
    const exit = (node) => {
      const frame = stack.pop();
      const { start, end } = node.loc;
      let own = 0;
      for (let line = start.line; line <= end.line; line += 1) {
        const inMember = frame.members.some(([a, b]) => line >= a && line <= b);
        if (!inMember && !(frame.members.length && source.lines[line - 1].trim() === '')) own += 1;
      }
      const name = nameOf(node);
      if (own > max && !allow.includes(name))
        context.report({ node, messageId: 'tooLong', data: { name: `Function '${name}'`, lines: own, max } });
      if (isMember(node) && stack.length) {
        const comments = source.getCommentsBefore(node.parent);
        stack[stack.length - 1].members.push([comments.length ? comments[0].loc.start.line : node.parent.loc.start.line, end.line]);
      }
    };
    return {
      FunctionDeclaration: enter,
      FunctionExpression: enter,
      ArrowFunctionExpression: enter,
      'FunctionDeclaration:exit': exit,
      'FunctionExpression:exit': exit,
      'ArrowFunctionExpression:exit': exit,
    };
  },
};
