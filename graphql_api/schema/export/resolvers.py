"""exportProject."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graphql_api.schema.context import Context
from graphql_api.services.interchange.service import ExportFormat


@strawberry.type(name="ExportFile")
class ExportFileType:
    filename: str
    content_type: str
    encoding: str = strawberry.field(description='"utf-8" or "base64" (PDF)')
    content: str
    size: int = strawberry.field(description="Bytes of the decoded file")


@strawberry.type
class ExportMutation:
    @strawberry.mutation(description="The project as JSON (lossless), Markdown, CSV, HTML or PDF.")
    async def export_project(
        self, info: Info[Context, None], project_id: strawberry.ID, format: ExportFormat
    ) -> ExportFileType:
        file = await info.context.container.exports.export(await info.context.user(), str(project_id), format)
        return ExportFileType(
            filename=file.filename,
            content_type=file.content_type,
            encoding=file.encoding,
            content=file.content,
            size=file.size,
        )
