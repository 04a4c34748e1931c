// Walks the static type of a value handed to another thread or process and finds the first part that
// cannot travel: under structured clone (postMessage, workerData, structuredClone, pools) functions,
// symbols, Promises, Weak* and untransferred MessagePorts throw DataCloneError, and class instances
// arrive without their methods; under JSON (child.send by default) Map, Set, Date, BigInt and
// functions are dropped or changed.
import ts from 'typescript';
import type { Severity } from '../../types';
import type { TypeModel } from '../model';
import { declaringPackage, symbolName } from '../model';

export type Serialization = 'clone' | 'json';

export interface PayloadProblem {
  /** `payload.options.onProgress` */
  path: string;
  /** `a function`, `a Map`, `an instance of class Job, which has methods` */
  what: string;
  severity: Severity;
  /** What happens to it, and what to do. */
  consequence: string;
}

const MAX_DEPTH = 8;
const WEAK = new Set(['WeakMap', 'WeakSet', 'WeakRef']);
const MAPS = new Set(['Map', 'ReadonlyMap', 'Set', 'ReadonlySet']);

export class PayloadWalker {
  private readonly seen = new Set<ts.Type>();
  private readonly checker: ts.TypeChecker;

  constructor(
    private readonly model: TypeModel,
    private readonly mode: Serialization,
    /** Whether the call's transfer list names a MessagePort (then ports in the payload are transferred). */
    private readonly portsTransferred: boolean,
  ) {
    this.checker = model.checker;
  }

  find(type: ts.Type, path: string, depth = 0): PayloadProblem | undefined {
    if (depth > MAX_DEPTH || this.seen.has(type)) return undefined;
    const f = type.flags;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return undefined;
    if (f & ts.TypeFlags.TypeParameter) {
      const constraint = this.checker.getBaseConstraintOfType(type);
      return constraint && constraint !== type ? this.find(constraint, path, depth + 1) : undefined;
    }
    if (f & ts.TypeFlags.ESSymbolLike) {
      return this.mode === 'clone'
        ? this.error(path, 'a symbol', 'symbols cannot be cloned')
        : this.json(path, 'a symbol', 'JSON drops it');
    }
    if (f & ts.TypeFlags.BigIntLike) {
      return this.mode === 'json' ? this.json(path, 'a BigInt', 'JSON.stringify throws a TypeError on it') : undefined;
    }
    if (type.isUnion() || type.isIntersection()) {
      for (const part of type.types) {
        const problem = this.find(part, path, depth);
        if (problem) return problem;
      }
      return undefined;
    }
    if (!(f & ts.TypeFlags.Object)) return undefined;
    this.seen.add(type);
    try {
      return this.findInObject(type as ts.ObjectType, path, depth);
    } finally {
      this.seen.delete(type);
    }
  }

  private findInObject(type: ts.ObjectType, path: string, depth: number): PayloadProblem | undefined {
    const symbol = type.aliasSymbol && !type.getSymbol() ? type.aliasSymbol : type.getSymbol();
    const name = symbol ? symbolName(symbol) : '';
    const decl = symbol?.declarations?.[0];
    const pkg = decl ? declaringPackage(decl, this.model.program) : undefined;
    const builtin = pkg === 'lib' || pkg === '@types/node';

    if (this.model.kindOfType(type) === 'messagePort') {
      if (this.mode === 'json') return this.json(path, 'a MessagePort', 'JSON cannot carry it');
      return this.portsTransferred ? undefined : this.error(path, 'a MessagePort that is not in the transfer list', 'ports can only be transferred, not copied; list it in the transfer list');
    }
    if (builtin && (name === 'Promise' || name === 'PromiseLike')) {
      return this.mode === 'clone' ? this.error(path, 'a Promise', 'Promises cannot be cloned; await it and send the result') : this.json(path, 'a Promise', 'JSON turns it into {}; await it and send the result');
    }
    if (builtin && WEAK.has(name)) {
      return this.mode === 'clone' ? this.error(path, `a ${name}`, `a ${name} cannot be cloned`) : this.json(path, `a ${name}`, 'JSON turns it into {}');
    }
    if (builtin && MAPS.has(name)) {
      if (this.mode === 'json') return this.json(path, `a ${name.replace('Readonly', '')}`, `JSON turns it into {}; send [...${lastName(path)}] instead`);
      const args = this.checker.getTypeArguments(type as ts.TypeReference);
      const roles = name.endsWith('Map') ? ['a key', 'a value'] : ['an element'];
      for (let i = 0; i < args.length && i < roles.length; i++) {
        const problem = this.find(args[i], `${path} (${roles[i]})`, depth + 1);
        if (problem) return problem;
      }
      return undefined;
    }
    if (builtin && name === 'Date') {
      return this.mode === 'json' ? this.json(path, 'a Date', 'JSON turns it into a string') : undefined;
    }
    if (this.checker.isArrayType(type) || this.checker.isTupleType(type)) {
      const args = this.checker.getTypeArguments(type as ts.TypeReference);
      const tuple = this.checker.isTupleType(type);
      for (let i = 0; i < args.length; i++) {
        const problem = this.find(args[i], `${path}[${tuple ? i : 'i'}]`, depth + 1);
        if (problem) return problem;
      }
      return undefined;
    }
    if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) {
      return this.mode === 'clone' ? this.error(path, 'a function', 'functions cannot be cloned; send plain data and keep the behaviour on the receiving side') : this.json(path, 'a function', 'JSON drops it');
    }
    // Other built-ins (typed arrays, ArrayBuffer, Buffer, RegExp, Error, ...) clone as they are.
    if (builtin) return undefined;
    if (symbol && symbol.flags & ts.SymbolFlags.Class) {
      const behaviour = classBehaviour(symbol, this.checker);
      if (behaviour) {
        return {
          path,
          what: `an instance of class ${name}, which has ${behaviour}`,
          severity: 'warning',
          consequence:
            this.mode === 'clone'
              ? 'the copy on the other side is a plain object, so its methods are undefined there; send plain data and rebuild the instance on the receiving side'
              : 'JSON sends only its data, so its methods are undefined on the other side; send plain data and rebuild the instance there',
        };
      }
    }
    for (const prop of this.checker.getPropertiesOfType(type)) {
      const propName = prop.getName();
      if (propName.startsWith('__@') || propName.startsWith('#')) continue;
      const decls = prop.declarations ?? [];
      if (decls.length > 0 && decls.every((d) => ts.isMethodSignature(d) || ts.isMethodDeclaration(d))) {
        const at = `${path}.${propName}`;
        return this.mode === 'clone' ? this.error(at, 'a method', 'functions cannot be cloned; send plain data and keep the behaviour on the receiving side') : this.json(at, 'a method', 'JSON drops it');
      }
      const problem = this.find(this.checker.getTypeOfSymbol(prop), `${path}.${propName}`, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }

  private error(path: string, what: string, why: string): PayloadProblem {
    return { path, what, severity: 'error', consequence: `this throws a DataCloneError: ${why}` };
  }

  private json(path: string, what: string, consequence: string): PayloadProblem {
    return { path, what, severity: 'warning', consequence };
  }
}

function lastName(path: string): string {
  const m = /([\w$]+)\W*$/.exec(path);
  return m ? m[1] : 'it';
}

/** 'methods' or 'accessors' when instances of the class (or its bases) carry behaviour on the prototype. */
function classBehaviour(symbol: ts.Symbol, checker: ts.TypeChecker): string | undefined {
  for (const decl of symbol.declarations ?? []) {
    if (!ts.isClassLike(decl)) continue;
    for (const member of decl.members) {
      if (ts.canHaveModifiers(member) && ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) continue;
      if (ts.isMethodDeclaration(member)) return 'methods';
      if (ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member)) return 'accessors';
    }
    const base = decl.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    const baseSymbol = base ? checker.getTypeAtLocation(base.expression).getSymbol() : undefined;
    if (baseSymbol) {
      const fromBase = classBehaviour(baseSymbol, checker);
      if (fromBase) return fromBase;
    }
  }
  return undefined;
}
