// Syntax helpers shared by the TS/JS rules: method calls, statements and their neighbours, loops,
// function boundaries, and comparing references by their text.
import ts from 'typescript';

export interface MethodCall {
  call: ts.CallExpression;
  receiver: ts.Expression;
  method: string;
}

/** `receiver.method(...)` (also `receiver?.method(...)`). */
export function methodCall(node: ts.Node): MethodCall | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const callee = skipOuter(node.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name)) return undefined;
  return { call: node, receiver: callee.expression, method: callee.name.text };
}

/** Parentheses, `!`, `as T`, `<T>x` and `satisfies T` removed. */
export function skipOuter(expr: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr) || ts.isAsExpression(expr) || ts.isTypeAssertionExpression(expr) || ts.isSatisfiesExpression(expr)) {
      expr = expr.expression;
    } else return expr;
  }
}

/** The text of a reference without `?.`, `!` and parentheses, to compare `this.mutex` with `this?.mutex`. */
export function refText(expr: ts.Expression, file: ts.SourceFile): string {
  return skipOuter(expr).getText(file).replace(/\?\./g, '.').replace(/!/g, '').replace(/\s+/g, '');
}

export function isFunctionBoundary(node: ts.Node): boolean {
  return ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node);
}

export function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return n;
  return undefined;
}

/** The statement that contains `node` directly in a block, a case clause or the file. */
export function statementOf(node: ts.Node): ts.Statement | undefined {
  for (let n: ts.Node = node; n.parent; n = n.parent) {
    if (isFunctionBoundary(n) && n !== node) return undefined;
    const p = n.parent;
    if (ts.isBlock(p) || ts.isSourceFile(p) || ts.isCaseClause(p) || ts.isDefaultClause(p) || ts.isModuleBlock(p)) return n as ts.Statement;
  }
  return undefined;
}

export function siblingStatements(stmt: ts.Statement): readonly ts.Statement[] {
  const p = stmt.parent;
  if (ts.isBlock(p) || ts.isSourceFile(p) || ts.isCaseClause(p) || ts.isDefaultClause(p) || ts.isModuleBlock(p)) return p.statements;
  return [stmt];
}

export function nextStatement(stmt: ts.Statement): ts.Statement | undefined {
  const list = siblingStatements(stmt);
  const i = list.indexOf(stmt);
  return i >= 0 ? list[i + 1] : undefined;
}

export type Loop = ts.IterationStatement;

/** The innermost loop whose body (not its header) runs `node` again on every iteration, within the function. */
export function enclosingLoop(node: ts.Node): Loop | undefined {
  for (let n: ts.Node = node; n.parent; n = n.parent) {
    const p = n.parent;
    if (isFunctionBoundary(p)) return undefined;
    if (ts.isIterationStatement(p, false) && p.statement === n) return p;
  }
  return undefined;
}

/** Every loop around `node` within its function, innermost first. */
export function enclosingLoops(node: ts.Node): Loop[] {
  const out: Loop[] = [];
  for (let loop = enclosingLoop(node); loop; loop = enclosingLoop(loop)) out.push(loop);
  return out;
}

/** Visits descendants of `root` in source order, not entering nested functions unless asked. */
export function forEachDescendant(root: ts.Node, visit: (n: ts.Node) => void, enterFunctions = false): void {
  const walk = (n: ts.Node): void => {
    visit(n);
    if (!enterFunctions && isFunctionBoundary(n) && n !== root) return;
    n.forEachChild(walk);
  };
  root.forEachChild(walk);
}

export function findDescendant<T extends ts.Node>(root: ts.Node, test: (n: ts.Node) => n is T, enterFunctions = false): T | undefined {
  let found: T | undefined;
  forEachDescendant(root, (n) => {
    if (!found && test(n)) found = n;
  }, enterFunctions);
  return found;
}

export function isInside(node: ts.Node, container: ts.Node): boolean {
  return node.getStart() >= container.getStart() && node.getEnd() <= container.getEnd();
}

/** The string value of a literal argument (`'error'`, `"exit"`, `` `exit` ``). */
export function stringValue(node: ts.Node | undefined): string | undefined {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return node.text;
  return undefined;
}

/** The variable a declaration-with-initializer or assignment binds: `const w = X`, `this.w = X`, `w = X`. */
export function boundTarget(expr: ts.Expression): ts.Expression | ts.Identifier | undefined {
  let n: ts.Node = expr;
  while (n.parent && (ts.isParenthesizedExpression(n.parent) || ts.isAwaitExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent))) n = n.parent;
  const p = n.parent;
  if (ts.isVariableDeclaration(p) && p.initializer === n && ts.isIdentifier(p.name)) return p.name;
  if (ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return p.left;
  if (ts.isPropertyDeclaration(p) && p.initializer === n && ts.isIdentifier(p.name)) return p.name;
  return undefined;
}

/** Whether a declaration sits at the top of its module (not inside any function or block). */
export function isModuleLevel(decl: ts.Node): boolean {
  for (let n = decl.parent; n; n = n.parent) {
    if (ts.isSourceFile(n)) return true;
    if (isFunctionBoundary(n) || ts.isBlock(n) || ts.isClassLike(n)) return false;
  }
  return false;
}
