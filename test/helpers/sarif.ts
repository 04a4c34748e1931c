// Validates SARIF logs against the published SARIF 2.1.0 schema (test/schemas/), shared by the CLI tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';

/** The published schema has two defects that JSON Schema validators trip over; see below. */
export function sarifValidator(): (log: unknown) => string | undefined {
  // `"pattern": "^(?i)..."` uses an inline flag that JavaScript regexes lack: apply it as the `i` flag.
  const regExp = Object.assign((pattern: string, flags: string) => (pattern.includes('(?i)') ? new RegExp(pattern.replace('(?i)', ''), `${flags}i`) : new RegExp(pattern, flags)), {
    code: 'new RegExp',
  });
  // The region definition lists an `anyOf` under `properties` by mistake, which fails meta-validation.
  const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true, code: { regExp } });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => !/[\s\\]/.test(s) && URL.canParse(s, 'file:///base/'));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  const schema = JSON.parse(readFileSync(path.join(__dirname, '..', 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  const validate = ajv.compile(schema);
  /** The schema violations of a log, or undefined when it is valid. */
  return (log: unknown): string | undefined => (validate(log) ? undefined : JSON.stringify(validate.errors, null, 2));
}
