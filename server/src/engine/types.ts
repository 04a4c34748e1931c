// The engine's public vocabulary. Nothing here knows about LSP or VS Code: positions are
// 0-based lines and UTF-16 columns (the same units an editor uses), edits are plain text edits.

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type RuleSetting = Severity | 'off';
export type Language = 'python' | 'typescript' | 'javascript';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A rewrite offered for a finding. `safe` fixes are applied by "fix all". */
export interface Fix {
  title: string;
  edits: TextEdit[];
  safe: boolean;
}

/** A second place a finding involves: the start() that pairs a join(), the release in a finally. */
export interface RelatedPlace {
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  ruleName: string;
  severity: Severity;
  range: Range;
  message: string;
  related: RelatedPlace[];
  fixes: Fix[];
}

/** Settings shared by the editor (concurrencyLint.*), config files and the CLI. */
export interface LintSettings {
  enable: boolean;
  /** rule id or rule name -> severity override or 'off' */
  rules: Record<string, RuleSetting>;
  /** glob patterns of files not to lint */
  exclude: string[];
}

export interface AnalysisOptions {
  /** Stop and report the file as skipped when analysis takes longer than this. */
  budgetMs?: number;
  /**
   * Only the findings are wanted (the CLI): the bodies of functions that cannot hold a finding are
   * not parsed, so `syntaxErrors` counts the errors of the rest of the file only.
   */
  findingsOnly?: boolean;
}

export interface AnalysisResult {
  findings: Finding[];
  /** Set when the file was not analyzed (binary, too large, over budget): says why. */
  skipped?: string;
  /** Number of syntax-error regions the parser recovered from. */
  syntaxErrors: number;
}

export interface RuleMeta {
  id: string;
  name: string;
  defaultSeverity: Severity;
  /** One sentence: what goes wrong at run time. */
  summary: string;
  languages: Language[];
  /** Whether the rule offers an automatic fix. */
  fixable: boolean;
}
