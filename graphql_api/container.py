"""The collaborators a process needs, built once from `Settings`.

Services receive what they use from here, so tests swap a backend by building a
container with other settings instead of monkeypatching.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graphql_api import observability
from graphql_api.ai.chain import AIChain
from graphql_api.ai.factory import build_chain
from graphql_api.jobs.local import LocalRunner
from graphql_api.services.activity.service import ActivityService, EventHub
from graphql_api.services.auth.service import AuthService
from graphql_api.services.auth.tokens import TokenService
from graphql_api.services.cpu import CpuPool
from graphql_api.services.email import Mailer, make_mailer
from graphql_api.services.generation.jobs import Dispatcher, JobService
from graphql_api.services.generation.submit import JobSubmitter
from graphql_api.services.generation.worker import GenerationWorker
from graphql_api.services.interchange.reading.service import ImportService
from graphql_api.services.interchange.service import ExportService
from graphql_api.services.persisted_queries import PersistedQueries
from graphql_api.services.projects.generated import GenerationResults
from graphql_api.services.projects.members import MemberService
from graphql_api.services.projects.rules import ProjectRules
from graphql_api.services.projects.service import ProjectService
from graphql_api.services.projects.storage import ProjectStorage
from graphql_api.services.projects.structure import PlanStructure
from graphql_api.services.proposals.service import ProposalService
from graphql_api.services.templates.service import TemplateService
from graphql_api.store.factory import make_store

if TYPE_CHECKING:
    from graphql_api.config import Settings
    from graphql_api.realtime.gateway import SocketGateway
    from graphql_api.store.base import Store


@dataclass(frozen=True, slots=True)
class Container:
    settings: Settings
    store: Store
    tokens: TokenService
    auth: AuthService
    templates: TemplateService
    projects: ProjectService
    structure: PlanStructure
    members: MemberService
    results: GenerationResults
    proposals: ProposalService
    activity: ActivityService
    ai: AIChain
    jobs: JobService
    generation: JobSubmitter
    worker: GenerationWorker
    dispatcher: Dispatcher
    exports: ExportService
    imports: ImportService
    mailer: Mailer
    pools: tuple[CpuPool, ...]
    persisted_queries: PersistedQueries
    sockets: SocketGateway | None = None  # API Gateway WebSocket events, when configured

    def close(self) -> None:
        for pool in self.pools:
            pool.close()
        self.store.close()


def build_container(settings: Settings, store: Store | None = None) -> Container:
    observability.trace_aws_calls()
    store = store or make_store(settings)
    tokens = TokenService(settings.signing_secret, settings.jwt_ttl_seconds)
    mailer = make_mailer(settings)
    hashing = CpuPool("bcrypt", settings.hash_workers)
    rendering = CpuPool("render", settings.render_workers)
    auth = AuthService(store, tokens, settings, mailer, hashing)
    templates = TemplateService(store)
    storage = ProjectStorage(
        store,
        ProjectRules(settings.limits).check_schedule,
        settings.edit_retry_seconds,
        activity_days=settings.activity_days,
    )
    projects = ProjectService(storage, templates, tokens, settings.limits)
    ai = build_chain(settings, store)
    jobs = JobService(store, settings.limits)
    results = GenerationResults(storage, settings.limits)
    proposals = ProposalService(storage, settings.limits)
    hub = EventHub()
    storage.on_commit(hub.publish)
    activity = ActivityService(storage, tokens, settings.limits, hub, settings.activity_poll_seconds)
    worker = GenerationWorker(
        ai,
        jobs,
        projects,
        results,
        templates,
        auth,
        mailer,
        settings.jobs_time_budget_seconds,
        context_chars=settings.ai_context_chars,
        proposals=proposals,
    )
    dispatcher: Dispatcher
    if settings.jobs_queue_url:
        from graphql_api.aws import LazyClient  # noqa: PLC0415
        from graphql_api.jobs.sqs import SqsDispatcher, make_sqs_client  # noqa: PLC0415

        client = LazyClient(lambda: make_sqs_client(settings.aws_region, settings.sqs_endpoint_url))
        dispatcher = SqsDispatcher(client, settings.jobs_queue_url)
    else:
        dispatcher = LocalRunner(worker, settings.jobs_concurrency)
    jobs.use_dispatcher(dispatcher)
    jobs.use_access(storage.outline)  # any member may follow a project's jobs
    container = Container(
        settings=settings,
        store=store,
        tokens=tokens,
        auth=auth,
        templates=templates,
        projects=projects,
        structure=PlanStructure(storage, ProjectRules(settings.limits)),
        members=MemberService(
            storage, settings.limits, mailer, notify_removed=settings.notify_removed_members
        ),
        results=results,
        proposals=proposals,
        activity=activity,
        ai=ai,
        jobs=jobs,
        generation=JobSubmitter(jobs, projects, settings.limits),
        worker=worker,
        dispatcher=dispatcher,
        exports=ExportService(projects, rendering, proposals),
        imports=ImportService(storage, ProjectRules(settings.limits)),
        pools=(hashing, rendering),
        mailer=mailer,
        persisted_queries=PersistedQueries(
            store,
            cache_bytes=settings.limits.persisted_query_cache_bytes,
            document_bytes=settings.limits.persisted_query_document_bytes,
            ttl_seconds=settings.persisted_query_ttl_seconds,
        ),
    )
    if settings.apigw_management_endpoint_url:
        from graphql_api.realtime.wiring import connect_sockets  # noqa: PLC0415 - only where deployed so

        # The gateway shapes messages with this container's services (the copy shares them).
        sockets = connect_sockets(container, settings.apigw_management_endpoint_url)
        container = dataclasses.replace(container, sockets=sockets)
    return container
