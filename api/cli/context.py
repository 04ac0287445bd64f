"""What every CLI command receives: the settings, and the workspace opened on first use."""

from __future__ import annotations

from dataclasses import dataclass, field

import click

from api.settings import Settings
from api.workspace import Workspace


@dataclass
class CliContext:
    settings: Settings
    _workspace: Workspace | None = field(default=None, repr=False)

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            self._workspace = Workspace.open(self.settings)
        return self._workspace

    def close(self) -> None:
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None


pass_cli = click.make_pass_decorator(CliContext)
