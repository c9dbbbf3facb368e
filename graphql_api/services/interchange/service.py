"""exportProject: load once, build the document, render in a worker thread."""

from __future__ import annotations

import base64
import importlib
import json
import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from graphql_api.core.enums import ExportFormat
from graphql_api.services import analytics
from graphql_api.services.interchange.document import build_document
from graphql_api.services.proposals.service import ProposalService

if TYPE_CHECKING:
    from graphql_api.services.cpu import CpuPool
    from graphql_api.services.models import User
    from graphql_api.services.projects.service import ProjectService


class ExportFile(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    filename: str
    content_type: str
    encoding: str = Field(description='"utf-8" or "base64" (PDF, XLSX)')
    content: str
    size: int = Field(description="Bytes of the decoded file")


_KINDS = {
    ExportFormat.JSON: ("json", "application/json"),
    ExportFormat.MARKDOWN: ("md", "text/markdown; charset=utf-8"),
    ExportFormat.CSV: ("csv", "text/csv; charset=utf-8"),
    ExportFormat.HTML: ("html", "text/html; charset=utf-8"),
    ExportFormat.PDF: ("pdf", "application/pdf"),
    ExportFormat.XLSX: ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ExportFormat.MS_PROJECT: ("xml", "application/vnd.ms-project+xml"),
    ExportFormat.ICALENDAR: ("ics", "text/calendar; charset=utf-8"),
}
BINARY = {ExportFormat.PDF, ExportFormat.XLSX}


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:60] or "project"


_RENDERERS = {
    ExportFormat.MARKDOWN: "as_markdown",
    ExportFormat.CSV: "as_csv",
    ExportFormat.HTML: "as_html",
    ExportFormat.PDF: "as_pdf",
    ExportFormat.XLSX: "as_xlsx",
    ExportFormat.MS_PROJECT: "as_mspdi",
    ExportFormat.ICALENDAR: "as_ical",
}


def render(doc: dict[str, object], fmt: ExportFormat) -> bytes:
    """The file's bytes; each renderer and its library load at first use (fpdf2 only for a PDF)."""
    if fmt == ExportFormat.JSON:
        return json.dumps(doc, ensure_ascii=False, indent=2).encode()
    module = importlib.import_module(f"graphql_api.services.interchange.{_RENDERERS[fmt]}")
    rendered: str | bytes = module.render(doc)
    return rendered.encode() if isinstance(rendered, str) else rendered


class ExportService:
    def __init__(
        self, projects: ProjectService, rendering: CpuPool, proposals: ProposalService | None = None
    ) -> None:
        self._projects = projects
        self._rendering = rendering
        self._proposals = proposals

    async def export(self, user: User, project_id: str, fmt: ExportFormat) -> ExportFile:
        view = await self._projects.get(user, project_id)
        result = analytics.compute(view.project, view.risk, view.usage)
        refs = view.project.proposals if fmt == ExportFormat.JSON and self._proposals else []
        proposals = await self._proposals.bodies(view.project, refs) if self._proposals and refs else []
        doc = build_document(view.project, view.texts or {}, view.risk, result, proposals)
        data = await self._rendering.run(render, doc, fmt)
        extension, content_type = _KINDS[fmt]
        binary = fmt in BINARY
        return ExportFile(
            filename=f"{_slug(view.project.name)}.{extension}",
            content_type=content_type,
            encoding="base64" if binary else "utf-8",
            content=base64.b64encode(data).decode() if binary else data.decode(),
            size=len(data),
        )
