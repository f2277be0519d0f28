'use strict';
// cdk8s validation plugin for the repository's OPA policy pack (policies/, run with conftest).
//
// cdk8s.yaml:
//   validations:
//     - package: ./plugins/policy-pack      # a local path: loaded directly, never installed from npm
//       version: 0.1.0
//       class: PolicyPackValidation
//       properties: { conftest: .tools/bin/conftest, policies: policies }
//
// The CLI synthesizes the app (with CDK8S_RECORD_CONSTRUCT_METADATA=true, so the app writes
// construct-metadata.json), then calls validate(context). We run conftest once over every
// manifest and once per folder with --combine (the cross-resource rules), exactly as
// constructs_lib/validate.py does, and report every unwaived finding against the construct
// path recorded for the file it came from. No dependencies: only Node's standard library and
// the context the CLI passes in.

const childProcess = require('child_process');
const fs = require('fs');
const path = require('path');

const WAIVER_PREFIX = 'policy.omnitide.dev/waive-';
const SEVERITIES = ['critical', 'high', 'medium', 'low'];

class PolicyPackValidation {
  constructor(props = {}) {
    const known = ['conftest', 'policies', 'combine', 'keepConstructMetadata'];
    const unknown = Object.keys(props).filter((k) => !known.includes(k));
    if (unknown.length) {
      throw new Error(`PolicyPackValidation: unknown properties ${unknown.join(', ')} (allowed: ${known.join(', ')})`);
    }
    this.conftest = props.conftest ?? '.tools/bin/conftest';
    this.policies = props.policies ?? 'policies';
    this.combine = props.combine ?? true;
    // construct-metadata.json only serves this report (the CLI read it before calling us); by
    // default it is removed so that it never lands in the committed output folder.
    this.keepConstructMetadata = props.keepConstructMetadata ?? false;
  }

  async validate(context) {
    const conftest = resolveTool(this.conftest);
    const policies = path.resolve(this.policies);
    const files = context.manifests.map((m) => path.resolve(m));
    const shown = new Map(context.manifests.map((m) => [path.resolve(m), m]));
    const docs = index(context, files, shown);

    const findings = [];
    const errors = [];
    if (files.length) {
      collect(run(conftest, policies, files), docs, null, findings, errors);
      if (this.combine) {
        for (const folder of [...new Set(files.map((f) => path.dirname(f)))].sort()) {
          collect(run(conftest, policies, ['--combine', ...files.filter((f) => path.dirname(f) === folder)]), docs, folder, findings, errors);
        }
      }
    }

    // The per-file and the --combine runs both see single-object rules: count each finding once.
    const unique = [...new Map(findings.map((f) => [[f.kind, f.ruleId, f.resourceName, f.message].join('\u0000'), f])).values()];
    const failures = unique.filter((f) => f.kind === 'failure');
    const warnings = unique.filter((f) => f.kind === 'warning');
    const byRule = new Map();
    for (const f of failures) {
      if (!byRule.has(f.ruleId)) byRule.set(f.ruleId, []);
      byRule.get(f.ruleId).push(f);
    }
    const rank = (list) => SEVERITIES.indexOf(list[0].severity) === -1 ? SEVERITIES.length : SEVERITIES.indexOf(list[0].severity);
    const ordered = [...byRule.entries()].sort(([a, la], [b, lb]) => rank(la) - rank(lb) || a.localeCompare(b));
    for (const [ruleId, list] of ordered) {
      const first = list[0];
      // One violating resource per object; its locations are the findings' messages.
      const perResource = new Map();
      for (const f of list) {
        const key = `${f.resourceName}\u0000${f.manifestPath}`;
        if (!perResource.has(key)) perResource.set(key, { resourceName: f.resourceName, manifestPath: f.manifestPath, locations: [] });
        perResource.get(key).locations.push(f.message);
      }
      context.report.addViolation({
        ruleName: `${ruleId} (${first.severity ?? 'unknown'} severity): ${first.title ?? ruleId}`,
        recommendation: `${first.title ?? ruleId}: see the locations above and docs/policies.md#${ruleId}`,
        fix: `change the props of the construct at the path above so that ${ruleId} passes, then synth again; `
          + `if the finding is accepted, waive it on that object with the annotation ${WAIVER_PREFIX}${ruleId}: "<reason>"`,
        violatingResources: [...perResource.values()],
      });
    }
    for (const message of errors) {
      context.report.addViolation({
        ruleName: 'policy-pack-error: conftest could not run',
        recommendation: message,
        fix: 'run `make setup` (it installs conftest into .tools/bin) and check the policies with `make policy-test`',
        violatingResources: [],
      });
    }
    for (const w of warnings) {
      context.logger.log(`policy-pack: waived: ${w.message} (construct ${context.metadata?.[w.resourceName]?.path ?? 'N/A'})`);
    }
    const ok = failures.length === 0 && errors.length === 0;
    context.report.submit(ok ? 'success' : 'failure', {
      Policies: path.relative(process.cwd(), policies).startsWith('..') ? policies : path.relative(process.cwd(), policies) || '.',
      Manifests: String(files.length),
      Findings: String(failures.length),
      Waived: String(warnings.length),
    });
    if (!this.keepConstructMetadata) removeConstructMetadata(files);
  }
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

function resolveTool(tool) {
  if (tool.includes('/')) {
    const local = path.resolve(tool);
    if (fs.existsSync(local)) return local;
  }
  return path.basename(tool); // from PATH
}

function run(conftest, policies, args) {
  const done = childProcess.spawnSync(conftest, ['test', '--no-color', '--all-namespaces', '-p', policies, '-o', 'json', ...args], {
    encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024,
  });
  if (done.error) return { error: `${conftest}: ${done.error.message}` };
  try {
    return { results: JSON.parse(done.stdout) };
  } catch {
    return { error: `conftest exited ${done.status}: ${(done.stderr || done.stdout).trim()}` };
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
        file, shown: shown.get(file) ?? file, index: i, kind: doc.kind, name: meta.name, namespace: meta.namespace ?? null,
        resourceName: resourceName(metadataKeys, file, i, meta.name, `${doc.kind}/${meta.namespace ?? '-'}/${meta.name}`),
      });
    });
  }
  return docs;
}

// constructs_lib/render.py keys construct-metadata.json by "<folder>/<file>#<document>" (unique);
// cdk8s' own App.synth keys it by metadata.name. Use whichever the metadata holds.
function resourceName(keys, file, i, name, fallback) {
  const normalized = file.split(path.sep).join('/');
  const byPath = keys.find((k) => k.endsWith(`#${i}`) && normalized.endsWith(`/${k.slice(0, k.lastIndexOf('#'))}`));
  if (byPath) return byPath;
  if (name && keys.includes(name)) return name;
  return fallback;
}

function collect(outcome, docs, folder, findings, errors) {
  if (outcome.error) {
    errors.push(outcome.error);
    return;
  }
  for (const result of outcome.results) {
    for (const [kind, list] of [['failure', result.failures], ['warning', result.warnings]]) {
      for (const item of list ?? []) {
        const m = item.metadata ?? {};
        const doc = locate(docs, result.filename, folder, m);
        findings.push({
          kind,
          ruleId: m.rule_id ?? (m.query ?? 'policy').replace(/^data\./, ''),
          title: m.title,
          severity: m.severity,
          message: item.msg,
          resourceName: doc ? doc.resourceName : `${m.kind ?? '?'}/${m.namespace ?? '-'}/${m.name ?? '?'}`,
          manifestPath: doc ? doc.shown : result.filename,
        });
      }
    }
  }
}

// The document a finding is about: the file conftest names (per-file run), or, for --combine
// (filename "Combined"), the object of that kind, namespace and name in the folder.
function locate(docs, filename, folder, m) {
  const candidates = folder === null
    ? docs.filter((d) => d.file === path.resolve(filename))
    : docs.filter((d) => path.dirname(d.file) === folder);
  const exact = candidates.find((d) => d.kind === m.kind && d.name === m.name && (m.namespace == null || d.namespace === m.namespace));
  return exact ?? (folder === null ? candidates[0] : undefined);
}

module.exports = { PolicyPackValidation };
