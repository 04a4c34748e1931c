// The shape every Python rule has: its metadata, the node types it visits, and a check that asks
// the semantic model. A rule reports findings through the context; it never formats positions.
import type { Node } from 'web-tree-sitter';
import type { Fix, RelatedPlace, RuleMeta, Severity } from '../types';
import type { SemanticModel } from './model/model';
import type { Scope } from './model/scopes';
import type { SourceText } from './source';

export interface Report {
  /** The node whose range the diagnostic covers; its first line is the anchor line. */
  node: Node;
  message: string;
  related?: RelatedPlace[];
  fixes?: Fix[];
  /** Overrides the rule's default severity for this finding (CL002: error vs warning). */
  severity?: Severity;
}

export interface RuleContext {
  readonly model: SemanticModel;
  readonly source: SourceText;
  report(report: Report): void;
}

export interface PythonRule {
  meta: RuleMeta;
  /** tree-sitter node types the check is called for. */
  nodeTypes: readonly string[];
  /**
   * Names one of which every call or assignment the rule reports mentions: a method or attribute,
   * or a class or function of a concurrency module. The engine adds the names a file binds to what
   * concurrency modules export (`from threading import Thread as T`); a function whose text mentions
   * none of them is never reported, and the CLI does not parse its body (see quiet.ts).
   */
  words: readonly string[];
  check(node: Node, scope: Scope, ctx: RuleContext): void;
}
