"""exportProject and importProject."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graphql_api.core.enums import ExportFormat
from graphql_api.schema.context import Context
from graphql_api.schema.projects.types import ProjectType, build_project
from graphql_api.services.interchange.reading.service import ImportSpec
from graphql_api.services.interchange.service import ExportFile


@strawberry.experimental.pydantic.type(model=ExportFile, all_fields=True, name="ExportFile")
class ExportFileType:
    pass


@strawberry.experimental.pydantic.input(model=ImportSpec, all_fields=True, name="ImportProjectInput")
class ImportProjectInput:
    pass


@strawberry.type
class ExportMutation:
    @strawberry.mutation(
        description="The project as JSON (lossless), Markdown, CSV, HTML, PDF, XLSX, MS Project XML "
        "or iCalendar."
    )
    async def export_project(
        self, info: Info[Context, None], project_id: strawberry.ID, format: ExportFormat
    ) -> ExportFileType:
        file = await info.context.container.exports.export(await info.context.user(), str(project_id), format)
        return ExportFileType.from_pydantic(file)

    @strawberry.mutation(
        description="A new project owned by the caller from a file: this API's JSON export, the CSV task "
        "table, or MS Project XML. A bad file is BAD_USER_INPUT on content and nothing is written."
    )
    async def import_project(self, info: Info[Context, None], input: ImportProjectInput) -> ProjectType:
        user = await info.context.user()
        return build_project(await info.context.container.imports.import_project(user, input.to_pydantic()))
