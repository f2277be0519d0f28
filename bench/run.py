"""Benchmark: render, validate and lint, printed as figures (never assertions).

    .venv/bin/python bench/run.py [--quick] [--only render|services|lint] [--docs N] [--sizes 1,10]   # or `make bench`

1. The control-panel as a user renders it: `python main.py` in a fresh process (5 runs).
2. N generated WebServices (own namespace and Chart each): synth alone, then synth + write +
   check_tree (schemas of every version + the whole policy pack); a least-squares line.
3. Lint throughput on a 10,000-document corpus (bench/corpus.py) for `
   manifest-lint --profile all`, plain `conftest test --combine --all-namespaces`,
   kube-score and kubeconform (-strict, offline, schemas generated under bench/out/).
4. docs/bench.png (matplotlib, Agg).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PEER_TIMEOUT = 300.0
LINT_ROUNDS = 3
"""Runs of ours, kube-score and kubeconform on the corpus, in turn (the figures are their medians)."""
OUT = ROOT / "bench" / "out"
PY = sys.executable
TOOLS = ROOT / ".tools" / "bin"


LAST_CPU: list[float] = [0.0]
"""CPU seconds (user + system) of the last ``timed`` command and what it waited for."""


def timed(cmd: list[str], env: dict[str, str] | None = None, stdout: Any = subprocess.DEVNULL, timeout: float | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB, the child and what it waited for) and exit status (-9: killed at ``timeout``); CPU in LAST_CPU."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=stdout, stderr=subprocess.DEVNULL)
    while True:
        # Without a timeout, wait for the exit itself (polling every 10 ms added up to 10 ms to a 0.25 s run).
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG if timeout is not None else 0)
        if pid:
            break
        if timeout is not None and time.perf_counter() - start > timeout:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.01)
    proc.returncode = os.waitstatus_to_exitcode(status)
    LAST_CPU[0] = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode


def bench_render(runs: int) -> dict[str, Any]:
    times, peaks = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, CDK8S_OUTDIR=str(Path(tmp) / "dist"))
            wall, peak, rc = timed([PY, "main.py"], env)
            if rc != 0:
                print(f"  python main.py exited {rc}")
            times.append(wall)
            peaks.append(peak)
    warm = times[1:] or times
    result = {"cold_s": times[0], "median_s": statistics.median(warm), "peak_mb": max(peaks), "runs": runs}
    print(f"control-panel render+validate (python main.py, {runs} runs): cold {times[0]:.2f} s, "
          f"median of the rest {result['median_s']:.2f} s, peak RSS {result['peak_mb']:.0f} MB")  # fmt: skip
    return result


def services_worker(sizes: list[int]) -> None:
    """Child process: time synth and synth+validate for each N; prints JSON."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus  # noqa: PLC0415

    from constructs_lib import synth  # noqa: PLC0415
    from manifest_lint.gate import check_tree  # noqa: PLC0415

    corpus.render_services(1)  # warm-up: start jsii/Node once, outside the figures
    rows = []
    for n in sizes:
        start = time.perf_counter()
        app = corpus.build_services(n, start=100_000)
        construct = time.perf_counter() - start
        objects = synth.collect(app)
        synthesized = time.perf_counter() - start
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "tree"
            synth.write_tree(objects, root)
            problems = check_tree(root)
        total = time.perf_counter() - start
        rows.append({"n": n, "docs": len(objects), "construct_s": construct, "synth_s": synthesized, "total_s": total, "problems": len(problems)})
    print(json.dumps(rows))


def bench_services(sizes: list[int]) -> list[dict[str, Any]]:
    out = subprocess.run([PY, __file__, "--services-worker", ",".join(map(str, sizes))], cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        print("  services worker failed:", out.stderr[-2000:])
        return []
    rows: list[dict[str, Any]] = json.loads(out.stdout.strip().splitlines()[-1])
    print("N services -> synth, synth + write + check_tree (schemas x8 versions + policy pack):")
    for r in rows:
        collect = r["synth_s"] - r["construct_s"]
        print(f"  N={r['n']:4} docs={r['docs']:5}  synth {r['synth_s']:6.2f} s (constructs {r['construct_s']:5.2f} s, collect {collect:5.2f} s)"
              f" ({r['synth_s'] / r['n'] * 1000:6.1f} ms/service)"
              f"  total {r['total_s']:6.2f} s ({r['total_s'] / r['n'] * 1000:6.1f} ms/service)  problems {r['problems']}")  # fmt: skip
    xs, ys = [r["n"] for r in rows], [r["total_s"] for r in rows]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    intercept = my - slope * mx
    dev = max(abs(y - (slope * x + intercept)) / y for x, y in zip(xs, ys, strict=True))
    print(f"  least-squares fit total = {slope * 1000:.1f} ms/service x N + {intercept:.2f} s; worst relative deviation {dev:.1%}")
    return rows


def kubeconform_schemas(kinds: set[tuple[str, str]]) -> Path:
    """Standalone strict schemas for kubeconform: kubernetes-validate's, with $refs made file-relative."""
    from manifest_lint import schemas  # noqa: PLC0415

    folder = OUT / "kubeconform-schemas"
    folder.mkdir(parents=True, exist_ok=True)
    source = schemas.version_dir(schemas.LATEST_VERSION)
    for name in ["_definitions.json"] + [schemas.schema_file_name(a, k) for a, k in kinds]:
        if (source / name).is_file():
            # Without $id (https://kubernetes.io/api/...) the refs resolve beside the file, not online.
            schema = json.loads((source / name).read_text(encoding="utf-8").replace('"/api/_definitions.json#', '"_definitions.json#'))
            schema.pop("$id", None)
            (folder / name).write_text(json.dumps(schema), encoding="utf-8")
    return folder


def bench_lint(total: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus  # noqa: PLC0415

    folder = OUT / f"corpus-{total}"
    kinds_file = OUT / f"corpus-{total}.kinds.json"
    if not kinds_file.is_file():
        kinds = corpus.write_corpus(folder, total)
        kinds_file.write_text(json.dumps(kinds), encoding="utf-8")
    kinds = json.loads(kinds_file.read_text(encoding="utf-8"))
    files = sorted(str(p) for p in folder.glob("*.yaml"))
    print(f"lint corpus: {total} documents in {len(files)} files, kinds {kinds}")
    results: dict[str, Any] = {}
    api_kinds = set()
    import yaml  # noqa: PLC0415

    for f in files:
        api_kinds |= {(d["apiVersion"], d["kind"]) for d in yaml.load_all(Path(f).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)}
    for av, k in [("v1", "Namespace"), ("networking.k8s.io/v1", "Ingress"), ("autoscaling/v2", "HorizontalPodAutoscaler")]:
        api_kinds.add((av, k))
    schema_dir = kubeconform_schemas(api_kinds)
    location = str(schema_dir) + "/{{ .ResourceKind }}{{ .KindSuffix }}.json"
    kc = [str(TOOLS / "kubeconform"), "-strict", "-summary", "-schema-location", location, *files]
    paired = {
        "ours": ([PY, "-m", "manifest_lint", "--profile", "all", "--output", "json", str(folder)], "manifest-lint --profile all"),
        "kube-score": ([str(TOOLS / "kube-score"), "score", "--output-format", "ci", *files], "kube-score score"),
        "kubeconform": (kc, "kubeconform -strict (1 version)"),
    }
    # The three run in turn, LINT_ROUNDS times: each figure is the median of its rounds, so a
    # machine that slows down for a while (a shared 2-core VM does) weighs on all three alike.
    rounds: dict[str, list[tuple[float, float, float]]] = {key: [] for key in paired}
    n_findings = 0
    for _ in range(LINT_ROUNDS):
        for key, (cmd, _label) in paired.items():
            with tempfile.TemporaryFile() as sink:
                wall, peak, rc = timed(cmd, stdout=sink)
                if key == "ours":
                    sink.seek(0)
                    findings = json.loads(sink.read() or b"{}")
                    n_findings = len(findings.get("findings", [])) if isinstance(findings, dict) else len(findings)
            rounds[key].append((wall, LAST_CPU[0], peak))
    for key, (_cmd, label) in paired.items():
        wall = statistics.median(r[0] for r in rounds[key])
        cpu = statistics.median(r[1] for r in rounds[key])
        peak = max(r[2] for r in rounds[key])
        results[key] = {"s": wall, "cpu": cpu, "mb": peak, "label": label, "rounds": rounds[key]}
        extra = f"  findings {n_findings}" if key == "ours" else ""
        print(f"  {label:<34} {wall:6.2f} s  cpu {cpu:6.2f} s  {total / wall:7.0f} docs/s  peak {peak:5.0f} MB{extra}  (median of {LINT_ROUNDS}, in turn)")
    distinct = OUT / f"corpus-{total}-distinct-containers"
    if not distinct.is_dir():
        corpus.write_distinct_containers(folder, distinct)
    wall, peak, rc = timed([*paired["ours"][0][:-1], str(distinct)])
    results["ours, distinct containers"] = {"s": wall, "cpu": LAST_CPU[0], "mb": peak, "label": "manifest-lint --profile all, every container distinct"}
    print(f"  the same corpus, every container distinct (one run): {wall:6.2f} s  cpu {LAST_CPU[0]:6.2f} s  peak {peak:5.0f} MB  exit {rc}")
    check = subprocess.run([*kc[: -len(files)], files[0]], cwd=ROOT, capture_output=True, text=True, check=False)
    results["kubeconform"]["summary"] = check.stdout.strip()[-200:]
    print(f"    (kubeconform, first file alone: {check.stdout.strip()[-120:]})")
    profile = [PY, "-m", "manifest_lint", "--profile", "all", "--timings", "--output", "json", str(folder)]
    phases = subprocess.run(profile, cwd=ROOT, capture_output=True, text=True, check=False)
    print("  phase profile (manifest-lint --timings, one more run):")
    for line in phases.stderr.splitlines():
        if line.startswith("timing:"):
            print("    " + line.removeprefix("timing:").strip())
    conftest = [str(TOOLS / "conftest"), "test", "--no-color", "-o", "json", "--combine", "--all-namespaces", "-p", "manifest_lint/policies", *files]
    wall, peak, rc = timed(conftest, timeout=PEER_TIMEOUT)
    if rc == -9:
        print(f"  plain conftest --combine (all ns)  did not finish in {PEER_TIMEOUT:.0f} s (killed); its rate below is an upper bound")
    results["conftest"] = {"s": wall, "mb": peak, "label": "conftest --combine --all-namespaces"}
    print(f"  plain conftest --combine (all ns)  {wall:6.2f} s  {total / wall:7.0f} docs/s  peak {peak:5.0f} MB  exit {rc}")
    ours = results["ours"]["s"]
    for key in ("conftest", "kube-score", "kubeconform"):
        print(f"  ours / {key}: {ours / results[key]['s']:.2f}x the time")
    for key in ("kube-score", "kubeconform"):
        print(f"  ours / {key}: {results['ours']['cpu'] / results[key]['cpu']:.2f}x the CPU")
    results["small file"] = bench_small_file()
    results["rule costs"] = bench_rule_costs(files)
    results["docs"] = total
    return results


def bench_small_file(runs: int = 11) -> dict[str, float]:
    """One Deployment, linted cold (a fresh process each time), as a pre-commit hook or an editor would; kube-score beside it."""
    target = str(ROOT / "dist" / "staging" / "deployment-control-panel.yaml")
    ours = sorted(timed([PY, "-m", "manifest_lint", "--profile", "all", target])[0] for _ in range(runs))
    peer = sorted(timed([str(TOOLS / "kube-score"), "score", target])[0] for _ in range(runs))
    print(f"one small file (median of {runs}, cold): ours {ours[runs // 2]:.3f} s, kube-score {peer[runs // 2]:.3f} s")
    return {"ours": ours[runs // 2], "kube-score": peer[runs // 2]}


def bench_rule_costs(files: list[str], sample: int = 20, top: int = 15) -> list[tuple[str, float]]:
    """CPU seconds each rule package adds to a conftest run over the lint's own input for a sample of the corpus (its
    whole-run List), against a run that only works out lib.kubernetes' shared facts (objects by kind, containers)."""
    import resource  # noqa: PLC0415

    from manifest_lint.catalog import load_catalog  # noqa: PLC0415
    from manifest_lint.conftest_driver import run_conftest  # noqa: PLC0415
    from manifest_lint.lint import policy_files, write_whole_run  # noqa: PLC0415
    from manifest_lint.loader import load_paths  # noqa: PLC0415
    from manifest_lint.package_data import POLICIES_DIR  # noqa: PLC0415

    catalog = load_catalog()
    rule_files = {rule.path for rule in catalog.rules}
    lib = [str(POLICIES_DIR.parent / path) for path in sorted(catalog.needs) if path not in rule_files]
    """lib/ and the helpers that rules import (the deprecated-API table), without any rule."""
    documents = load_paths(files[:sample]).documents

    def cpu(package: str, policy: list[str]) -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run_conftest([whole], policies=policy, namespaces=[package], data=data)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)

    costs = []
    bases = []
    with tempfile.TemporaryDirectory() as tmp:
        whole, data, shared = Path(tmp) / "whole.json", Path(tmp) / "data.json", Path(tmp) / "bench_lib.rego"
        write_whole_run(documents, whole)
        data.write_text(json.dumps({"lint_config": {}, "lint_facts": {"unknown_kinds": {}}}), encoding="utf-8")
        shared.write_text(
            "package bench_lib\n\nimport data.lib.kubernetes as k8s\n\n"
            'deny contains "never" if {\n\tcount(k8s.objects_by_kind) + count(k8s.container_groups) < 0\n}\n',
            encoding="utf-8",
        )
        for rule in catalog.rules:
            # The base and the rule in turn, twice, the less of each: this machine's speed drifts by half within
            # minutes, and a base measured once at the start made every rule cost nothing, or the same.
            base = alone = float("inf")
            for _ in range(2):
                base = min(base, cpu("bench_lib", [*lib, str(shared)]))
                alone = min(alone, cpu(rule.package, sorted({*lib, *policy_files([rule], catalog)})))
            bases.append(base)
            costs.append((rule.id, max(alone - base, 0.0)))
    costs.sort(key=lambda c: -c[1])
    span = f"{min(bases):.2f}-{max(bases):.2f} s"
    print(f"rule costs (CPU over the lint's input for {len(documents)} documents, each less conftest with lib/ and shared facts alone, in turn: {span}):")
    for rule_id, cost in costs[:top]:
        print(f"    {cost:6.3f} s  {rule_id}")
    return costs


def chart(rows: list[dict[str, Any]], lint: dict[str, Any], render_result: dict[str, Any]) -> Path:
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    if rows:
        xs = [r["n"] for r in rows]
        left.plot(xs, [r["total_s"] for r in rows], "o-", label="synth + schemas + policy pack")
        left.plot(xs, [r["synth_s"] for r in rows], "s--", label="synth only")
    left.set_xlabel("services (WebService, one namespace each)")
    left.set_ylabel("seconds")
    left.set_title(f"Render time vs services (control-panel: {render_result['median_s']:.1f} s)")
    left.legend()
    left.grid(alpha=0.3)
    keys = ["ours", "conftest", "kube-score", "kubeconform"]
    labels = [lint[k]["label"] for k in keys]
    rates = [lint["docs"] / lint[k]["s"] for k in keys]
    right.barh(labels, rates, color=["tab:blue", "tab:gray", "tab:orange", "tab:green"])
    right.set_xlabel(f"documents/second ({lint['docs']} documents)")
    right.set_title("Lint throughput")
    right.invert_yaxis()
    fig.suptitle(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    fig.tight_layout()
    path = ROOT / "docs" / "bench.png"
    fig.savefig(path, dpi=90)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the render, 1..N generated services and the lint against its peers; figures are printed.")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 2 renders, sizes 1,5,20, 500 documents")
    parser.add_argument("--sizes", type=_sizes, help="comma-separated service counts (default: 1,10,100,500)")
    parser.add_argument("--docs", type=int, help="documents in the lint corpus (default: 10000)")
    parser.add_argument("--only", choices=("render", "services", "lint"), action="append", help="run only these parts (repeatable)")
    parser.add_argument("--services-worker", type=_sizes, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.services_worker:
        services_worker(args.services_worker)
        return 0
    parts = set(args.only or ("render", "services", "lint"))
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}")
    render_result = bench_render(2 if args.quick else 5) if "render" in parts else None
    sizes = args.sizes or ([1, 5, 20] if args.quick else [1, 10, 100, 500])
    rows = bench_services(sizes) if "services" in parts else []
    lint = bench_lint(args.docs or (500 if args.quick else 10_000)) if "lint" in parts else None
    results = {"render": render_result, "services": rows, "lint": lint, "quick": args.quick}
    (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    if render_result and rows and lint and not (args.quick or args.sizes or args.docs):
        print(f"chart: {chart(rows, lint, render_result).relative_to(ROOT)}")
    return 0


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(x) for x in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of counts: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"counts must be at least 1: {text!r}")
    return sizes


if __name__ == "__main__":
    sys.exit(main())
