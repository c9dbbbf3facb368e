"""exportProject."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graphql_api.schema.context import Context
from graphql_api.services.interchange.service import ExportFile, ExportFormat


@strawberry.experimental.pydantic.type(model=ExportFile, all_fields=True, name="ExportFile")
class ExportFileType:
    pass


@strawberry.type
class ExportMutation:
    @strawberry.mutation(description="The project as JSON (lossless), Markdown, CSV, HTML or PDF.")
    async def export_project(
        self, info: Info[Context, None], project_id: strawberry.ID, format: ExportFormat
    ) -> ExportFileType:
        file = await info.context.container.exports.export(await info.context.user(), str(project_id), format)
        return ExportFileType.from_pydantic(file)
