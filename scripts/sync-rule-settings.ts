// Writes one entry per rule under the `concurrencyLint.rules` setting in package.json, from the
// engine's rule metadata, so the settings editor lists every rule with its summary and the
// manifest never drifts from the engine. Rules the manifest lists that the engine does not have yet
// are kept. Run after adding or renaming a rule: npx tsx scripts/sync-rule-settings.ts
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_RULES, RULE_SETTINGS, ruleDocsUrl } from '../server/src/engine';
import type { RuleMeta } from '../server/src/engine';

export const SEVERITY_DESCRIPTIONS: Record<string, string> = {
  off: 'Do not run this rule.',
  error: 'Report as an error.',
  warning: 'Report as a warning.',
  info: 'Report as information.',
  hint: 'Show as a hint (faded, not in the Problems count).',
};

export function ruleSettingSchema(meta: Pick<RuleMeta, 'id' | 'name' | 'defaultSeverity' | 'summary'>): Record<string, unknown> {
  return {
    type: 'string',
    enum: [...RULE_SETTINGS],
    enumDescriptions: RULE_SETTINGS.map((s) => SEVERITY_DESCRIPTIONS[s]),
    markdownDescription: `**${meta.name}** (default: \`${meta.defaultSeverity}\`): ${meta.summary} [Documentation](${ruleDocsUrl(meta.id)})`,
  };
}

function main(): void {
  const file = path.join(__dirname, '..', 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  const rules = manifest.contributes?.configuration?.properties?.['concurrencyLint.rules'];
  if (!rules) throw new Error('package.json has no contributes.configuration.properties["concurrencyLint.rules"]');
  const properties: Record<string, unknown> = { ...rules.properties };
  for (const meta of ALL_RULES) properties[meta.id] = ruleSettingSchema(meta);
  rules.properties = Object.fromEntries(Object.entries(properties).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`package.json: ${Object.keys(rules.properties).length} rule settings (${ALL_RULES.length} from the engine, every language)`);
}

if (require.main === module) main();
