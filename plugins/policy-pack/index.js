'use strict';
// cdk8s validation plugin: the policy pack, run by the `manifest-lint` command.
//
// cdk8s.yaml:
//   validations:
//     - package: ./plugins/policy-pack      # a local path: loaded directly, never installed from npm
//       version: 0.1.0
//       class: PolicyPackValidation
//       properties: { command: manifest-lint }
//
// The CLI synthesizes the app (with CDK8S_RECORD_CONSTRUCT_METADATA=true, so the app writes
// construct-metadata.json), then calls validate(context). We run
// `manifest-lint --output json <every manifest>` once (the linter runs every rule, the
// cross-resource ones across all the files, and the schemas) and report each unwaived
// finding against the construct recorded for the file and object it came from. Exit status 0
// or 1 carries findings; anything else (2: bad input, conftest missing) is reported as an error.
// No dependencies: only Node's standard library and the context the CLI passes in.

const childProcess = require('child_process');
const fs = require('fs');
const path = require('path');

const WAIVER_PREFIX = 'policy.omnitide.dev/waive-';
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

class PolicyPackValidation {
  constructor(props = {}) {
    const known = ['command', 'args', 'keepConstructMetadata'];
    const unknown = Object.keys(props).filter((k) => !known.includes(k));
    if (unknown.length) {
      throw new Error(`PolicyPackValidation: unknown properties ${unknown.join(', ')} (allowed: ${known.join(', ')})`);
    }
    this.command = props.command ?? 'manifest-lint';
    this.args = props.args ?? [];
    // construct-metadata.json only serves this report (the CLI read it before calling us); by
    // default it is removed so that it never lands in the committed output folder.
    this.keepConstructMetadata = props.keepConstructMetadata ?? false;
  }

  async validate(context) {
    const files = context.manifests.map((m) => path.resolve(m));
    const shown = new Map(context.manifests.map((m) => [path.resolve(m), m]));
    const docs = index(context, files, shown);
    const { findings, error } = files.length ? lint(this.command, [...this.args, ...files]) : { findings: [] };

    const failures = findings.filter((f) => !f.waived);
    const waived = findings.filter((f) => f.waived);
    const byRule = new Map();
    for (const f of failures) {
      if (!byRule.has(f.rule_id)) byRule.set(f.rule_id, []);
      byRule.get(f.rule_id).push(f);
    }
    const rank = (list) => (SEVERITIES.indexOf(list[0].severity) + SEVERITIES.length + 1) % (SEVERITIES.length + 1);
    const ordered = [...byRule.entries()].sort(([a, la], [b, lb]) => rank(la) - rank(lb) || a.localeCompare(b));
    for (const [ruleId, list] of ordered) {
      // One violating resource per object; its locations are the findings' messages.
      const perResource = new Map();
      for (const f of list) {
        const doc = locate(docs, f);
        const resourceName = doc ? doc.resourceName : `${f.kind ?? '?'}/${f.namespace ?? '-'}/${f.name ?? '?'}`;
        const manifestPath = doc ? doc.shown : f.file;
        const key = `${resourceName}\u0000${manifestPath}`;
        if (!perResource.has(key)) perResource.set(key, { resourceName, manifestPath, locations: [] });
        perResource.get(key).locations.push(f.message);
      }
      context.report.addViolation({
        ruleName: `${ruleId} (${list[0].severity} severity)`,
        recommendation: `see the locations above and docs/policies.md#${ruleId}`,
        fix: `change the props of the construct at the path above so that ${ruleId} passes, then synth again; `
          + `if the finding is accepted, waive it on that object with the annotation ${WAIVER_PREFIX}${ruleId}: "<reason>"`,
        violatingResources: [...perResource.values()],
      });
    }
    if (error) {
      context.report.addViolation({
        ruleName: 'policy-pack-error: manifest-lint could not lint every manifest',
        recommendation: error,
        fix: 'run `make setup` (it installs manifest-lint into .venv and conftest into .tools/bin), then synth again',
        violatingResources: [],
      });
    }
    for (const f of waived) {
      const doc = locate(docs, f);
      context.logger.log(`policy-pack: waived: ${f.message} (construct ${context.metadata?.[doc?.resourceName]?.path ?? 'N/A'})`);
    }
    const ok = failures.length === 0 && !error;
    context.report.submit(ok ? 'success' : 'failure', {
      Command: this.command,
      Manifests: String(files.length),
      Findings: String(failures.length),
      Waived: String(waived.length),
    });
    if (!this.keepConstructMetadata) removeConstructMetadata(files);
  }
}

// `manifest-lint --output json FILE...`: 0 clean, 1 findings, anything else an error.
function lint(command, args) {
  const done = childProcess.spawnSync(command, ['--output', 'json', ...args], { encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024 });
  if (done.error) return { findings: [], error: `${command}: ${done.error.message}` };
  let findings = [];
  try {
    findings = JSON.parse(done.stdout || '[]');
  } catch {
    return { findings: [], error: `${command} exited ${done.status} without JSON: ${(done.stderr || done.stdout).trim()}` };
  }
  const error = done.status === 0 || done.status === 1 ? undefined : `${command} exited ${done.status}: ${done.stderr.trim()}`;
  return { findings, error };
}

// The CLI looks for construct-metadata.json in the output folder: the folder all manifests share, or its parent.
function removeConstructMetadata(files) {
  if (!files.length) return;
  let common = path.dirname(files[0]);
  for (const f of files) {
    while (!(f === common || f.startsWith(common + path.sep))) common = path.dirname(common);
  }
  for (const dir of [common, path.dirname(common)]) {
    const candidate = path.join(dir, 'construct-metadata.json');
    if (fs.existsSync(candidate)) {
      fs.rmSync(candidate);
      return;
    }
  }
}

// Every document of every manifest, with the key of construct-metadata.json that names its construct.
function index(context, files, shown) {
  const metadataKeys = Object.keys(context.metadata ?? {});
  const docs = [];
  for (const file of files) {
    let parsed = [];
    try {
      parsed = context.parseManifest(file);
    } catch {
      parsed = [];
    }
    parsed.forEach((doc, i) => {
      if (!doc || typeof doc !== 'object') return;
      const meta = doc.metadata ?? {};
      docs.push({
        file, shown: shown.get(file) ?? file, kind: doc.kind, name: meta.name, namespace: meta.namespace ?? null,
        resourceName: resourceName(metadataKeys, file, i, meta.name, `${doc.kind}/${meta.namespace ?? '-'}/${meta.name}`),
      });
    });
  }
  return docs;
}

// publish.py keys construct-metadata.json by "<folder>/<file>#<document>" (unique);
// cdk8s' own App.synth keys it by metadata.name. Use whichever the metadata holds.
function resourceName(keys, file, i, name, fallback) {
  const normalized = file.split(path.sep).join('/');
  const byPath = keys.find((k) => k.endsWith(`#${i}`) && normalized.endsWith(`/${k.slice(0, k.lastIndexOf('#'))}`));
  if (byPath) return byPath;
  if (name && keys.includes(name)) return name;
  return fallback;
}

// The document a finding is about: the object of its kind, namespace and name in the file it names.
function locate(docs, f) {
  const file = f.file ? path.resolve(f.file) : null;
  return docs.find((d) => (file === null || d.file === file) && d.kind === f.kind && d.name === f.name
    && (f.namespace == null || d.namespace === f.namespace));
}

module.exports = { PolicyPackValidation };
