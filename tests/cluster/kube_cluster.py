"""A real Kubernetes control plane for the tests: etcd and kube-apiserver, started on demand.

Everything listens on 127.0.0.1 only, on free ports picked at start, with a temporary data
folder and PKI (openssl) that are removed at the end. The API server runs the PodSecurity
admission plugin. ``fake_nodes()`` adds the controller manager, the scheduler and kwok with
fake nodes in two zones, for tests that need pods to run.

The binaries come from `make cluster-setup` (scripts/setup-cluster.sh), pinned in tools/k8s/.
One control plane serves the whole pytest session: ``shared()`` starts it the first time and
registers its stop; each process runs in its own process group, which is killed at the end
(also after a failure, an interrupt, or when the interpreter exits).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[2]
KUBERNETES_VERSION = "v1.37.2"
ETCD_VERSION = "v3.7.3"
KWOK_VERSION = "v0.8.0"
ARGOCD_VERSION = "v3.5.7"
PROMETHEUS_OPERATOR_VERSION = "v0.85.0"
PSA_VERSION = "v0.37.2"
# The Pod Security level version of this Kubernetes release (namespace labels *-version).
PSS_VERSION = "v1.37"

TOOLS = ROOT / ".tools" / "k8s"
K8S_BIN = TOOLS / f"kubernetes-{KUBERNETES_VERSION}"
KUBE_APISERVER = K8S_BIN / "kube-apiserver"
KUBE_CONTROLLER_MANAGER = K8S_BIN / "kube-controller-manager"
KUBE_SCHEDULER = K8S_BIN / "kube-scheduler"
KUBECTL = K8S_BIN / "kubectl"
ETCD = TOOLS / f"etcd-{ETCD_VERSION}" / "etcd"
KWOK = TOOLS / f"kwok-{KWOK_VERSION}" / "kwok"
KWOK_STAGES = TOOLS / f"kwok-{KWOK_VERSION}" / "stages.yaml"
ARGOCD_CRDS = TOOLS / f"argo-cd-{ARGOCD_VERSION}" / "crds"
PROMETHEUS_OPERATOR_CRDS = TOOLS / f"prometheus-operator-{PROMETHEUS_OPERATOR_VERSION}" / "crds"
# Gatekeeper's ConstraintTemplate CRD, at the release manifest_lint.gatekeeper generates for (a
# folder per release: the test looks it up), and the CRD Gatekeeper makes for each template's
# Constraints, printed by constraintcrd (tools/gator, `make gatekeeper-setup`).
GATEKEEPER_CRDS_GLOB = "gatekeeper-v*/crds"
CONSTRAINTCRD = ROOT / ".tools" / "bin" / "constraintcrd"
PSA_TESTDATA = TOOLS / f"pod-security-admission-{PSA_VERSION}" / "testdata"

REQUIRED = [KUBE_APISERVER, KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER, KUBECTL, ETCD, KWOK, KWOK_STAGES, ARGOCD_CRDS, PROMETHEUS_OPERATOR_CRDS, PSA_TESTDATA]

FAKE_NODE_ANNOTATION = "kwok.x-k8s.io/node"
ZONES = ("zone-a", "zone-b")


PR_SET_PDEATHSIG = 1


def _child_setup() -> None:
    """In a started process: its own process group, and SIGKILL when the test process dies
    (even by SIGKILL, when no finally or atexit runs)."""
    os.setsid()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


FOLDER_PREFIX = "kube-test-"


def sweep_stale_folders() -> None:
    """Remove the folders of earlier sessions whose test process is gone (killed with SIGKILL, so
    no finally ran; its servers died with it, by PR_SET_PDEATHSIG)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*"):
        try:
            pid = int((folder / "owner.pid").read_text())
        except (OSError, ValueError):
            continue
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            pass


class ClusterError(Exception):
    """The control plane could not be started or did not answer; the message says why."""


def missing_tools() -> list[str]:
    """The pinned binaries and data that are absent or at another version."""
    missing = [str(p.relative_to(ROOT)) for p in REQUIRED if not p.exists()]
    if not missing:
        version = subprocess.run([str(KUBE_APISERVER), "--version"], capture_output=True, text=True, check=False).stdout.strip()
        if version != f"Kubernetes {KUBERNETES_VERSION}":
            missing.append(f"{KUBE_APISERVER.relative_to(ROOT)} at {KUBERNETES_VERSION} (it says {version!r})")
    return missing


def free_ports(n: int) -> list[int]:
    """n distinct free TCP ports on 127.0.0.1 (held open together, so they differ)."""
    sockets = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _openssl(*args: str, cwd: Path) -> None:
    openssl = shutil.which("openssl")
    if openssl is None:
        raise ClusterError("openssl is not on PATH (the test PKI is made with it)")
    proc = subprocess.run([openssl, *args], cwd=cwd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise ClusterError(f"openssl {' '.join(args)}: {proc.stderr.strip()}")


def make_pki(folder: Path) -> None:
    """A CA, the API server's serving certificate, an admin client certificate and the
    service-account key pair, in folder."""
    folder.mkdir(parents=True)
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=test-cluster-ca", cwd=folder)
    certs = {
        "server": ("/CN=kube-apiserver", "subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n"),
        "admin": ("/O=system:masters/CN=test-admin", "extendedKeyUsage=clientAuth\n"),
    }
    for name, (subject, extensions) in certs.items():
        (folder / f"{name}.ext").write_text(extensions)
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", subject, cwd=folder)
        _openssl(
            "x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", f"{name}.crt", "-days", "2", "-extfile", f"{name}.ext", cwd=folder,
        )  # fmt: skip
    _openssl("genrsa", "-out", "sa.key", "2048", cwd=folder)
    _openssl("rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub", cwd=folder)


class Response:
    def __init__(self, status: int, body: bytes, warnings: list[str]):
        self.status = status
        self.body = body
        self.warnings = warnings

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def __repr__(self) -> str:
        return f"Response({self.status}, {self.body[:500]!r})"


class Api:
    """A small client of the API server's REST API (admin client certificate), one connection
    per thread of use; for polling and for requests kubectl has no command for."""

    def __init__(self, port: int, pki: Path):
        self.port = port
        self.context = ssl.create_default_context(cafile=str(pki / "ca.crt"))
        self.context.load_cert_chain(str(pki / "admin.crt"), str(pki / "admin.key"))
        self.connection: http.client.HTTPSConnection | None = None

    def clone(self) -> Api:
        other = Api.__new__(Api)
        other.port, other.context, other.connection = self.port, self.context, None
        return other

    def request(self, method: str, path: str, body: Any = None, content_type: str = "application/json") -> Response:
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = content_type
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.context, timeout=30)
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                payload = response.read()
            except (http.client.HTTPException, OSError):
                self.close()
                if attempt:
                    raise
                continue
            warnings = [w for k, w in response.getheaders() if k.lower() == "warning"]
            return Response(response.status, payload, warnings)
        raise AssertionError("unreachable")

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class Cluster:
    """etcd + kube-apiserver (+ controller manager, scheduler and kwok on demand)."""

    def __init__(self) -> None:
        sweep_stale_folders()
        self.dir = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
        (self.dir / "owner.pid").write_text(str(os.getpid()))
        self.processes: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.logs: dict[str, Path] = {}
        self.pki = self.dir / "pki"
        self.kubeconfig = self.dir / "kubeconfig"
        self.port = 0
        self.api: Api | None = None
        self.has_fake_nodes = False
        self.pss_namespaces: set[str] = set()
        self.crd_folders: set[Path] = set()

    # processes

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen[bytes]:
        log = self.dir / f"{name}.log"
        self.logs[name] = log
        with log.open("wb") as out:
            proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, cwd=self.dir, preexec_fn=_child_setup)  # noqa: PLW1509
        self.processes.append((name, proc))
        return proc

    def log_tail(self, name: str, lines: int = 30) -> str:
        try:
            return "\n".join(self.logs[name].read_text(errors="replace").splitlines()[-lines:])
        except (KeyError, OSError):
            return ""

    def _wait(self, name: str, check: Any, timeout: float) -> None:
        proc = dict(self.processes)[name]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise ClusterError(f"{name} exited with {proc.returncode}:\n{self.log_tail(name)}")
            with contextlib.suppress(OSError, http.client.HTTPException, ssl.SSLError):
                if check():
                    return
            time.sleep(0.1)
        raise ClusterError(f"{name} not ready after {timeout} s:\n{self.log_tail(name)}")

    def stop(self) -> None:
        """Kill every process group (newest first), wait for them, remove the folder."""
        if self.api is not None:
            self.api.close()
        for _, proc in reversed(self.processes):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGTERM)
        # A short grace: nothing here needs a clean shutdown (the data folder goes too).
        deadline = time.monotonic() + 3
        for _, proc in reversed(self.processes):
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
            # A child the process left behind in its group.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
        self.processes.clear()
        shutil.rmtree(self.dir, ignore_errors=True)

    # start

    def start(self) -> None:
        make_pki(self.pki)
        etcd_client, etcd_peer, etcd_metrics, self.port = free_ports(4)
        etcd_url = f"http://127.0.0.1:{etcd_client}"
        peer_url = f"http://127.0.0.1:{etcd_peer}"
        self._spawn(
            "etcd",
            [
                str(ETCD), "--name", "default", "--data-dir", str(self.dir / "etcd"),
                "--listen-client-urls", etcd_url, "--advertise-client-urls", etcd_url,
                "--listen-peer-urls", peer_url, "--initial-advertise-peer-urls", peer_url,
                "--initial-cluster", f"default={peer_url}", "--listen-metrics-urls", f"http://127.0.0.1:{etcd_metrics}",
                "--unsafe-no-fsync", "--log-level", "warn",
            ],
        )  # fmt: skip

        def etcd_healthy() -> bool:
            connection = http.client.HTTPConnection("127.0.0.1", etcd_client, timeout=2)
            try:
                connection.request("GET", "/health")
                return b'"health":"true"' in connection.getresponse().read()
            finally:
                connection.close()

        self._wait("etcd", etcd_healthy, 30)
        pki = self.pki
        self._spawn(
            "kube-apiserver",
            [
                str(KUBE_APISERVER), "--etcd-servers", etcd_url,
                "--bind-address", "127.0.0.1", "--advertise-address", "127.0.0.1", "--secure-port", str(self.port),
                "--cert-dir", str(self.dir / "apiserver-certs"),
                "--tls-cert-file", str(pki / "server.crt"), "--tls-private-key-file", str(pki / "server.key"),
                "--client-ca-file", str(pki / "ca.crt"),
                "--service-account-issuer", "https://kubernetes.default.svc",
                "--service-account-key-file", str(pki / "sa.pub"), "--service-account-signing-key-file", str(pki / "sa.key"),
                "--service-cluster-ip-range", "10.96.0.0/12", "--authorization-mode", "Node,RBAC",
                "--endpoint-reconciler-type", "none",
                "--enable-admission-plugins", "NamespaceLifecycle,ServiceAccount,PodSecurity",
                # Privileged pods must reach PodSecurity rather than fail validation.
                "--allow-privileged=true", "--profiling=false",
            ],
        )  # fmt: skip
        self.api = Api(self.port, pki)
        api = self.api
        self._wait("kube-apiserver", lambda: api.get("/readyz").status == 200, 90)
        self.kubeconfig.write_text(
            json.dumps(
                {
                    "apiVersion": "v1",
                    "kind": "Config",
                    "clusters": [{"name": "test", "cluster": {"server": f"https://127.0.0.1:{self.port}", "certificate-authority": str(pki / "ca.crt")}}],
                    "users": [{"name": "admin", "user": {"client-certificate": str(pki / "admin.crt"), "client-key": str(pki / "admin.key")}}],
                    "contexts": [{"name": "test", "context": {"cluster": "test", "user": "admin"}}],
                    "current-context": "test",
                }
            )
        )

    def fake_nodes(self) -> None:
        """Start the controller manager, the scheduler and kwok, with one fake node per zone
        (two in the first zone); return when every node is Ready."""
        if self.has_fake_nodes:
            return
        self.has_fake_nodes = True
        pki, kubeconfig = self.pki, str(self.kubeconfig)
        self._spawn(
            "kube-controller-manager",
            [
                str(KUBE_CONTROLLER_MANAGER), "--kubeconfig", kubeconfig, "--leader-elect=false",
                "--bind-address", "127.0.0.1", "--secure-port", "0",
                "--service-account-private-key-file", str(pki / "sa.key"), "--root-ca-file", str(pki / "ca.crt"),
                "--use-service-account-credentials=false", "--cluster-cidr", "10.244.0.0/16",
                # No metrics server here: the HPA only holds minReplicas; check it often.
                "--horizontal-pod-autoscaler-sync-period", "1s",
            ],
        )  # fmt: skip
        self._spawn(
            "kube-scheduler",
            [str(KUBE_SCHEDULER), "--kubeconfig", kubeconfig, "--leader-elect=false", "--bind-address", "127.0.0.1", "--secure-port", "0"],
        )
        self._spawn(
            "kwok",
            [
                str(KWOK), "--kubeconfig", kubeconfig, "--config", str(KWOK_STAGES),
                "--manage-all-nodes=false", f"--manage-nodes-with-annotation-selector={FAKE_NODE_ANNOTATION}=fake",
                "--server-address", f"127.0.0.1:{free_ports(1)[0]}", "--cidr", "10.244.0.0/16", "--node-ip", "127.0.0.1",
            ],
        )  # fmt: skip
        names = []
        for i, zone in enumerate((ZONES[0], *ZONES)):
            name = f"fake-node-{i}"
            names.append(name)
            resources = {"cpu": "16", "memory": "64Gi", "pods": "110", "ephemeral-storage": "100Gi"}
            node = {
                "apiVersion": "v1",
                "kind": "Node",
                "metadata": {
                    "name": name,
                    "annotations": {FAKE_NODE_ANNOTATION: "fake", "node.alpha.kubernetes.io/ttl": "0"},
                    "labels": {
                        "kubernetes.io/hostname": name,
                        "kubernetes.io/os": "linux",
                        "kubernetes.io/arch": "amd64",
                        "topology.kubernetes.io/zone": zone,
                        "type": "kwok",
                    },
                },
                "status": {"capacity": resources, "allocatable": resources},
            }
            response = self.client().request("POST", "/api/v1/nodes", node)
            if response.status not in (201, 409):
                raise ClusterError(f"creating node {name}: {response}")

        def nodes_ready() -> bool:
            items = self.client().get("/api/v1/nodes").json()["items"]
            ready = {
                n["metadata"]["name"]
                for n in items
                if any(c["type"] == "Ready" and c["status"] == "True" for c in n.get("status", {}).get("conditions", []))
                and not any(t["key"] == "node.kubernetes.io/not-ready" for t in n.get("spec", {}).get("taints", []))
            }
            return set(names) <= ready

        self._wait("kwok", nodes_ready, 60)

    @contextlib.contextmanager
    def kubelets_paused(self) -> Iterator[None]:
        """Freeze kwok (SIGSTOP) for the block: pods keep their status, and no new pod becomes
        Ready, as in a real cluster in the milliseconds a test needs (kwok readies one in ~0.1 s)."""
        kwok = [proc for name, proc in self.processes if name == "kwok"]
        assert kwok, "kwok is not running (use the running_cluster fixture)"
        os.killpg(kwok[0].pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.killpg(kwok[0].pid, signal.SIGCONT)

    def stop_fake_nodes(self) -> None:
        """Stop the controller manager, the scheduler and kwok (the API server and etcd stay)."""
        names = ("kube-controller-manager", "kube-scheduler", "kwok")
        for name, proc in self.processes:
            if name in names:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        self.processes = [(n, p) for n, p in self.processes if n not in names]
        self.has_fake_nodes = False

    # use

    def client(self) -> Api:
        assert self.api is not None, "the cluster is not started"
        return self.api

    def kubectl(self, *args: str, input: str | None = None, check: bool = False, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run the built kubectl against this cluster (stdout, stderr and status captured)."""
        proc = subprocess.run(
            [str(KUBECTL), "--kubeconfig", str(self.kubeconfig), *args],
            input=input,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
            env={**os.environ, "KUBECTL_INTERACTIVE_DELETE": "false"},
        )
        if check and proc.returncode != 0:
            raise ClusterError(f"kubectl {' '.join(args)} exited with {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
        return proc

    def install_crds(self, *folders: Path) -> None:
        """Apply (server-side) every CustomResourceDefinition of the folders, once, and wait
        until each is Established."""
        names = []
        for folder in folders:
            if folder in self.crd_folders:
                continue
            # Read by pattern: the files are large, and PyYAML cannot read some of them ("- =").
            crds = {}
            for path in sorted(folder.glob("*.yaml")):
                for document in re.split(r"^---\s*$", path.read_text(), flags=re.MULTILINE):
                    name = re.search(r"^metadata:\n(?:[ #].*\n)*?  name: (\S+)$", document, re.MULTILINE)
                    if re.search(r"^kind: CustomResourceDefinition$", document, re.MULTILINE) and name:
                        crds.setdefault(path, []).append(name.group(1))
            if not crds:
                raise ClusterError(f"no CRDs in {folder}: run `make cluster-setup`")
            self.kubectl("apply", "--server-side", *(f"--filename={crd}" for crd in crds), check=True)
            names += [name for found in crds.values() for name in found]
            self.crd_folders.add(folder)
        self.wait_established(names)

    def wait_established(self, names: list[str], timeout: float = 60) -> None:
        def established(name: str) -> bool:
            crd = self.client().get(f"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}").json()
            return any(c["type"] == "Established" and c["status"] == "True" for c in (crd.get("status") or {}).get("conditions") or [])

        deadline = time.monotonic() + timeout
        pending = list(names)
        while pending:
            pending = [name for name in pending if not established(name)]
            if pending and time.monotonic() > deadline:
                raise ClusterError(f"CRDs not Established after {timeout} s: {pending}")
            if pending:
                time.sleep(0.2)

    def ensure_namespace(self, name: str, labels: dict[str, str] | None = None) -> None:
        """Create or relabel a namespace, and give it its default ServiceAccount (the ServiceAccount
        admission plugin refuses pods until it exists; no controller manager may be running)."""
        api = self.client()
        namespace = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels or {}}}
        response = api.request("POST", "/api/v1/namespaces", namespace)
        if response.status == 409:
            response = api.request("PATCH", f"/api/v1/namespaces/{name}", {"metadata": {"labels": labels or {}}}, "application/merge-patch+json")
        if response.status not in (200, 201):
            raise ClusterError(f"namespace {name}: {response}")
        self.ensure_service_account(name)

    def ensure_service_account(self, namespace: str, name: str = "default") -> None:
        response = self.client().request("POST", f"/api/v1/namespaces/{namespace}/serviceaccounts", {"metadata": {"name": name}})
        if response.status not in (201, 409):
            raise ClusterError(f"ServiceAccount {namespace}/{name}: {response}")


class _Session:
    """The one control plane of the pytest session (or the reason it could not start)."""

    cluster: Cluster | None = None
    failed: str | None = None
    previous_sigterm: Any = None


def _on_sigterm(signum: int, frame: Any) -> None:
    # As for Ctrl-C: pytest stops, and the fixtures' finally blocks stop the servers.
    raise KeyboardInterrupt(f"signal {signum}")


def _stop_shared() -> None:
    if _Session.cluster is not None:
        cluster, _Session.cluster = _Session.cluster, None
        cluster.stop()
    if _Session.previous_sigterm is not None:
        signal.signal(signal.SIGTERM, _Session.previous_sigterm)
        _Session.previous_sigterm = None


atexit.register(_stop_shared)


def shared() -> Cluster:
    """The session's control plane, started on first use. Raises ClusterError (with the
    reason) when it cannot start, and again on later calls without retrying."""
    if _Session.failed is not None:
        raise ClusterError(_Session.failed)
    if _Session.cluster is None:
        missing = missing_tools()
        if missing:
            _Session.failed = f"missing {', '.join(missing)}: run `make cluster-setup` (bash scripts/setup-cluster.sh)"
            raise ClusterError(_Session.failed)
        if _Session.previous_sigterm is None and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            _Session.previous_sigterm = signal.signal(signal.SIGTERM, _on_sigterm)
        cluster = Cluster()
        try:
            cluster.start()
        except BaseException as error:
            cluster.stop()
            _Session.failed = f"the test control plane did not start: {error}"
            raise
        _Session.cluster = cluster
    return _Session.cluster


@contextlib.contextmanager
def session_cluster() -> Iterator[Cluster]:
    """For a session-scoped fixture: the shared control plane, stopped when the session ends.
    A control plane that cannot start fails the test (never skips it), with the reason."""
    import pytest

    try:
        try:
            cluster = shared()
        except ClusterError as error:
            pytest.fail(str(error), pytrace=False)
        yield cluster
    finally:
        _stop_shared()


# Pod Security verdicts of the real admission plugin.

PSS_LEVELS = ("baseline", "restricted")
ADMITTED, FORBIDDEN, INVALID = "admitted", "forbidden", "invalid"


class PodVerdict(NamedTuple):
    """ADMITTED; FORBIDDEN by PodSecurity; or INVALID: refused by the API's validation, which
    runs before the validating admission plugins, so PodSecurity never saw the pod."""

    outcome: str
    message: str = ""
    # INVALID: "field: reason" of each cause, and (field, message) of each.
    causes: tuple[str, ...] = ()
    details: tuple[tuple[str, str], ...] = ()


def pss_namespace(cluster: Cluster, level: str) -> str:
    """A namespace enforcing level at this release's policy version (created once)."""
    name = f"pss-{level}"
    if name not in cluster.pss_namespaces:
        labels = {"pod-security.kubernetes.io/enforce": level, "pod-security.kubernetes.io/enforce-version": PSS_VERSION}
        cluster.ensure_namespace(name, labels)
        cluster.pss_namespaces.add(name)
    return name


def pod_verdict(response: Response) -> PodVerdict:
    body = response.json() or {}
    message = body.get("message", "")
    if response.status == 201:
        return PodVerdict(ADMITTED)
    if response.status == 403 and body.get("reason") == "Forbidden" and "violates PodSecurity" in message:
        return PodVerdict(FORBIDDEN, message)
    if response.status == 422 and body.get("reason") == "Invalid":
        found = body.get("details", {}).get("causes", [])
        causes = tuple(sorted({f"{c.get('field', '')}: {c.get('reason', '')}" for c in found}))
        return PodVerdict(INVALID, message, causes, tuple((c.get("field", ""), c.get("message", "")) for c in found))
    raise ClusterError(f"unexpected answer to a pod dry run: {response}")


def dry_run_pods(cluster: Cluster, pods: list[dict[str, Any]], level: str) -> list[PodVerdict]:
    """Server-side dry-run create of each pod ({"metadata", "spec"}) in a namespace enforcing
    level: one request per pod, on one kept-alive connection. Unknown fields are refused
    (fieldValidation=Strict) and fail the call, like psa-eval's strict decoding."""
    namespace = pss_namespace(cluster, level)
    api = cluster.client()
    verdicts = []
    for pod in pods:
        body = {"apiVersion": "v1", "kind": "Pod", **pod, "metadata": {**pod.get("metadata", {}), "namespace": namespace}}
        response = api.request("POST", f"/api/v1/namespaces/{namespace}/pods?dryRun=All&fieldValidation=Strict", body)
        verdicts.append(pod_verdict(response))
    return verdicts
