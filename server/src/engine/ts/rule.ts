// The shape every TypeScript/JavaScript rule has: its metadata, the syntax kinds it visits, and a
// check that asks the type model. A rule reports findings through the context; it never formats positions.
import type ts from 'typescript';
import type { Fix, RelatedPlace, RuleMeta, Severity } from '../types';
import type { TypeModel } from './model';
import type { TsSource } from './source';

export interface TsReport {
  /** The node whose range the diagnostic covers; its first line is the anchor line. */
  node: ts.Node;
  message: string;
  related?: RelatedPlace[];
  fixes?: Fix[];
  /** Overrides the rule's default severity for this finding (CL002: error vs warning). */
  severity?: Severity;
}

export interface TsRuleContext {
  readonly model: TypeModel;
  readonly source: TsSource;
  report(report: TsReport): void;
  /**
   * What `compute` finds in this file, computed once per analysis and shared by every check (and
   * every rule) that asks with the same function: facts about the whole file (where each handle is
   * listened to) cost one walk, not one walk per site.
   */
  perFile<T>(compute: (source: TsSource, model: TypeModel) => T): T;
  /**
   * Runs `check`, which judges `node` by the code of `extent` alone (and the types it uses): after an
   * edit that left `extent` alone (TsRule.siteExtent), the reports it made there last time are
   * replayed instead. For rules that judge their sites in finish().
   */
  atSite(node: ts.Node, extent: ts.Node, check: () => void): void;
}

export interface TsRule {
  meta: RuleMeta;
  /** Syntax kinds the check is called for. */
  kinds: readonly ts.SyntaxKind[];
  check(node: ts.Node, ctx: TsRuleContext): void;
  /**
   * The code whose text (with the types it uses) decides what check() reports for this node — the
   * node itself, or the function around it — or undefined when more than that can matter. After an
   * edit that changes no type outside one function body (memory.ts), a node whose extent lies
   * outside that body gets the reports of the previous analysis, instead of asking the checker
   * again. Reports whose places or fixes leave the extent are not kept.
   */
  siteExtent?(node: ts.Node): ts.Node | undefined;
  /**
   * Called once after the walk, for rules that judge a site by what the whole module does with it
   * (CL016: a listener may come after the spawn); what they need is gathered in check() on the
   * same walk, so no rule walks the file again.
   */
  finish?(ctx: TsRuleContext): void;
}
