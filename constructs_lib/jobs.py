"""``BatchJob`` and ``ScheduledJob``: a hardened Job, and a CronJob that runs one on a schedule.

Both render the Namespace (optional), ServiceAccount and NetworkPolicy of every shape, and
the shared hardened pod with ``restartPolicy`` ``OnFailure`` or ``Never``. A Job is cleaned
up ``ttl_seconds_after_finished`` after it ends; a CronJob never runs two at once by default,
and a run that cannot start in time is skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_30 import k8s
from constructs import Construct

from constructs_lib.container import EnvValue
from constructs_lib.errors import Problems
from constructs_lib.pod import pod_problems, pod_spec
from constructs_lib.prop_checks import check_range, check_type
from constructs_lib.shape import CommonParts, Release, WorkloadProps, adopt, claim_name, render_common
from constructs_lib.workload import MIN_UID

_CRON_MACROS = frozenset({"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"})
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
# (lowest, highest, names) of the minute, hour, day of month, month and day of week fields, as the CronJob controller reads them.
_CRON_FIELDS: tuple[tuple[int, int, tuple[str, ...]], ...] = ((0, 59, ()), (0, 23, ()), (1, 31, ()), (1, 12, _MONTHS), (0, 6, _DAYS))


def _cron_value(text: str, low: int, high: int, names: tuple[str, ...]) -> int | None:
    if text.isdigit():
        return int(text) if low <= int(text) <= high else None
    return low + names.index(text.upper()) if text.upper() in names else None


def is_cron_schedule(schedule: object) -> bool:
    """A schedule the API server accepts: a macro, or five fields of ``*``, values, ranges and lists, each with an
    optional ``/step`` (the standard cron syntax the CronJob controller parses; no ``TZ=``, see ``time_zone``)."""
    if not isinstance(schedule, str):
        return False
    if schedule.strip() in _CRON_MACROS:
        return True
    fields = schedule.split()
    if len(fields) != len(_CRON_FIELDS):
        return False
    for text, (low, high, names) in zip(fields, _CRON_FIELDS, strict=True):
        for item in text.split(","):
            span, slash, step = item.partition("/")
            if slash and not (step.isdigit() and int(step) >= 1):
                return False
            if span in ("*", "?"):
                continue
            first, dash, last = span.partition("-")
            start = _cron_value(first, low, high, names)
            end = _cron_value(last, low, high, names) if dash else start
            if start is None or end is None or start > end:
                return False
    return True


@dataclass(frozen=True, kw_only=True)
class JobProps(WorkloadProps):
    """Props of ``BatchJob``, and of the Job that a ``ScheduledJob`` runs."""

    release: Release
    """The image and version the job runs."""
    env: Mapping[str, EnvValue] = field(default_factory=dict)
    """Environment variables: literal strings, ``ConfigMapValue`` or ``SecretValue`` references. Left out, none.

    Default: `{}`
    """
    restart_policy: str = "OnFailure"
    """``OnFailure`` (retry the container in its pod) or ``Never`` (a new pod per retry). Left out, ``OnFailure``.

    Default: `'OnFailure'`
    """
    backoff_limit: int = 3
    """Retries before the Job fails, from 0 to 100. Left out, 3.

    Default: `3`
    """
    active_deadline_seconds: int = 3600
    """The longest a run may take, in seconds (at least 1); it is then stopped and fails. Left out, an hour.

    Default: `3600`
    """
    ttl_seconds_after_finished: int = 86400
    """Seconds a finished Job (and its pods, with their logs) is kept, at least 0; a CronJob's Jobs are cleaned up by
    its history limits instead. Left out, a day.

    Default: `86400`
    """
    component: str = "job"
    """``app.kubernetes.io/component`` (a non-empty label value). Left out, ``job``.

    Default: `'job'`
    """

    def job_problems(self) -> Problems:
        found = self.name_problems()
        found.extend(self.part_problems())
        check_type(found, "release", self.release, Release)
        found.check(self.restart_policy in ("OnFailure", "Never"), "restart_policy", self.restart_policy, "OnFailure or Never")
        check_range(found, "backoff_limit", self.backoff_limit, 0, 100)
        check_range(found, "active_deadline_seconds", self.active_deadline_seconds, 1)
        check_range(found, "ttl_seconds_after_finished", self.ttl_seconds_after_finished, 0)
        check_range(found, "run_as_user", self.run_as_user, MIN_UID, 2**31 - 1)
        image, version = (self.release.image, self.release.version) if isinstance(self.release, Release) else ("invalid", "invalid")
        found.extend(adopt(self.identity(version, self.component).problems("identity."), self))
        found.extend(adopt(pod_problems(self.container(image, self.env), self.pod), self))
        return found

    def job_spec(self, *, ttl: bool) -> k8s.JobSpec:
        """The Job's spec (``ttl``: with ``ttlSecondsAfterFinished``; a CronJob's history limits do that job instead)."""
        labels = self.identity(self.release.version, self.component).labels()
        return k8s.JobSpec(
            backoff_limit=self.backoff_limit,
            active_deadline_seconds=self.active_deadline_seconds,
            ttl_seconds_after_finished=self.ttl_seconds_after_finished if ttl else None,
            template=k8s.PodTemplateSpec(
                metadata=k8s.ObjectMeta(labels=labels, annotations=dict(self.pod.annotations) or None),
                spec=pod_spec(
                    self.container(self.release.image, self.env), self.pod, service_account=self.name, run_as_user=self.run_as_user,
                    selector=self.pod_selector(), restart_policy=self.restart_policy,
                ),
            ),
        )  # fmt: skip


def _begin(construct: Construct, props: JobProps, found: Problems) -> tuple[dict[str, str], CommonParts, k8s.ObjectMeta]:
    """What both job shapes do first: refuse bad props (and a taken name), render the common parts, name the object."""
    found.extend(claim_name(construct, props))
    found.raise_if_any(f"{type(construct).__name__} {props.name!r}")
    labels = props.identity(props.release.version, props.component).labels()
    common = render_common(construct, props, labels)
    metadata = k8s.ObjectMeta(name=props.name, namespace=props.namespace, labels=labels, annotations=props.waiver_annotations() or None)
    return labels, common, metadata


class BatchJob(Construct):
    """A Job that runs once (e.g. a migration), hardened like every shape of this library.

    Children (ids): ``Namespace`` (with ``create_namespace``), ``ServiceAccount``, ``NetworkPolicy``, ``Job``;
    each holds its object under the id ``Resource``.
    """

    def __init__(self, scope: Construct, id: str, props: JobProps) -> None:
        super().__init__(scope, id)
        self.props = props
        _, self.common, metadata = _begin(self, props, props.job_problems())
        self.resource = k8s.KubeJob(
            Construct(self, "Job"), "Resource", metadata=metadata,
            spec=props.job_spec(ttl=True),
        )  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class ScheduledJobProps(JobProps):
    """Props of ``ScheduledJob``."""

    schedule: str
    """The cron schedule: five fields (minute, hour, day of month, month, day of week; each ``*``, a value, a range or
    a list, with an optional ``/step``), e.g. ``0 3 * * *`` (every night at 03:00 in ``time_zone``), or a macro such
    as ``@daily``."""
    time_zone: str = "Etc/UTC"
    """The IANA time zone of ``schedule``. Left out, UTC.

    Default: `'Etc/UTC'`
    """
    concurrency_policy: str = "Forbid"
    """``Forbid`` (skip a run while the last one still runs), ``Replace`` or ``Allow``. Left out, ``Forbid``.

    Default: `'Forbid'`
    """
    starting_deadline_seconds: int = 600
    """How late a run may still start, in seconds (at least 1); later, it is skipped. Left out, 10 minutes.

    Default: `600`
    """
    history: int = 3
    """Finished Jobs kept, of each outcome (successful and failed), from 0 to 100. Left out, 3.

    Default: `3`
    """
    suspend: bool = False
    """Stop scheduling new runs. Left out, scheduled.

    Default: `False`
    """
    component: str = "cronjob"
    """``app.kubernetes.io/component`` (a non-empty label value). Left out, ``cronjob``.

    Default: `'cronjob'`
    """

    def cron_problems(self) -> Problems:
        found = self.job_problems()
        found.check(is_cron_schedule(self.schedule), "schedule", self.schedule,
                    "a cron schedule of five fields (minute 0-59, hour 0-23, day of month 1-31, month 1-12 or JAN-DEC, "
                    "day of week 0-6 or SUN-SAT), e.g. '0 3 * * *', or a macro such as '@daily'")  # fmt: skip
        found.check(self.concurrency_policy in ("Forbid", "Replace", "Allow"), "concurrency_policy", self.concurrency_policy, "Forbid, Replace or Allow")
        check_range(found, "starting_deadline_seconds", self.starting_deadline_seconds, 1)
        check_range(found, "history", self.history, 0, 100)
        check_type(found, "time_zone", self.time_zone, str)
        check_type(found, "suspend", self.suspend, bool)
        return found


class ScheduledJob(Construct):
    """A CronJob whose Jobs run the hardened pod on a schedule.

    Children (ids): ``Namespace`` (with ``create_namespace``), ``ServiceAccount``, ``NetworkPolicy``, ``CronJob``;
    each holds its object under the id ``Resource``.
    """

    def __init__(self, scope: Construct, id: str, props: ScheduledJobProps) -> None:
        super().__init__(scope, id)
        self.props = props
        labels, self.common, metadata = _begin(self, props, props.cron_problems())
        self.resource = k8s.KubeCronJob(
            Construct(self, "CronJob"), "Resource", metadata=metadata,
            spec=k8s.CronJobSpec(
                schedule=props.schedule, time_zone=props.time_zone, concurrency_policy=props.concurrency_policy,
                starting_deadline_seconds=props.starting_deadline_seconds, successful_jobs_history_limit=props.history,
                failed_jobs_history_limit=props.history, suspend=props.suspend,
                job_template=k8s.JobTemplateSpec(metadata=k8s.ObjectMeta(labels=labels), spec=props.job_spec(ttl=False)),
            ),
        )  # fmt: skip
