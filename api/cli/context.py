"""What every CLI command receives: the settings, and the workspace opened on first use.

On the embedded store the workspace starts from the state ``serve`` and earlier commands
kept on disk where it still matches the store (:mod:`api.kept`), and a process that built or
changed that state keeps it again when it ends (:func:`api.warmup.keep_after_command`), so
the next command reads it instead of building the evidence index, the dashboard, the SoA or
the gap report from the graph."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import click

from api.settings import Settings
from api.warmup import CommandKept, Taken, command_kept
from api.workspace import Workspace

log = logging.getLogger(__name__)


@dataclass
class CliContext:
    settings: Settings
    _workspace: Workspace | None = field(default=None, repr=False)
    #: The kept copy, taken when first needed (None: a store that keeps none).
    _kept: CommandKept | None = field(default=None, repr=False)

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            workspace = Workspace.open(self.settings)
            self._kept = command_kept(workspace)
            self._workspace = workspace
        return self._workspace

    def hand_over_kept(self) -> Taken | None:
        """What the workspace took from the kept copy, for a command that keeps the state
        itself (``serve``, which takes it at once): this context no longer keeps it on
        :meth:`close`."""
        _ = self.workspace
        kept, self._kept = self._kept, None
        if kept is None:
            return None
        self.workspace.evidence_index.start()
        return kept.taken

    def close(self) -> None:
        if self._workspace is None:
            return
        workspace, kept = self._workspace, self._kept
        self._workspace, self._kept = None, None
        try:
            if kept is not None:
                kept.keep()
        except Exception as error:  # noqa: BLE001 - keeping never fails the command
            log.warning("could not keep the state for the next command: %s", error)
        finally:
            workspace.close()


pass_cli = click.make_pass_decorator(CliContext)
