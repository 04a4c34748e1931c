// SARIF 2.1.0, the format code-scanning services read: one run with the rule metadata, a result per
// finding, skipped files and internal errors as tool notifications.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALL_RULES, DOCS_BASE_URL, ruleDocsUrl, ruleSummaryFor, type Range, type Severity } from '../../engine';
import type { Report } from './report';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SOURCE_ROOT = '%SRCROOT%';
/** The project's home: the documentation base without its path into the repository. */
const INFORMATION_URI = DOCS_BASE_URL.replace(/\/blob\/.*$/, '');

type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function region(range: Range) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** A relative URI under %SRCROOT% for files inside the current folder, a file: URI otherwise. */
function artifactLocation(display: string) {
  if (path.isAbsolute(display)) return { uri: pathToFileURL(display).href };
  return { uri: display.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

export function formatSarif(report: Report): string {
  const ruleIndex = new Map(ALL_RULES.map((r, i) => [r.id, i]));
  const results = report.files.flatMap((file) => {
    const location = artifactLocation(file.display);
    return file.findings.map((f) => ({
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
      level: sarifLevel(f.severity),
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: location, region: region(f.range) } }],
      ...(f.related.length > 0 && {
        relatedLocations: f.related.map((r, id) => ({
          id,
          physicalLocation: { artifactLocation: location, region: region(r.range) },
          message: { text: r.message },
        })),
      }),
      ...(f.fixes.length > 0 && {
        fixes: f.fixes.map((fix) => ({
          description: { text: fix.title },
          artifactChanges: [
            {
              artifactLocation: location,
              replacements: fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
            },
          ],
        })),
      }),
    }));
  });
  const notifications = [
    ...report.skipped.map((s) => ({
      level: 'note' as const,
      message: { text: `skipped ${s.display}: ${s.reason}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(s.display) } }],
    })),
    ...report.errors.map((e) => ({
      level: 'error' as const,
      message: { text: `${e.display}: ${e.message.split('\n')[0]}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(e.display) } }],
    })),
  ];
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'concurrency-lint',
            version: report.toolVersion,
            semanticVersion: report.toolVersion,
            informationUri: INFORMATION_URI,
            rules: ALL_RULES.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.summary },
              // A rule of both languages says what it finds in each.
              ...(r.languages.includes('python') &&
                r.languages.length > 1 && {
                  fullDescription: { text: `Python: ${ruleSummaryFor(r.id, 'python')} TypeScript/JavaScript: ${ruleSummaryFor(r.id, 'typescript')}` },
                }),
              helpUri: ruleDocsUrl(r.id),
              defaultConfiguration: { level: sarifLevel(r.defaultSeverity) },
            })),
          },
        },
        invocations: [{ executionSuccessful: report.errors.length === 0, ...(notifications.length > 0 && { toolExecutionNotifications: notifications }) }],
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: pathToFileURL(report.cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
