"""Exports of a project in five formats, all rendered from one export document."""
