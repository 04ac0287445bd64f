"""The application API: the workspace's operations, one method per user action, each
returning a typed result.

Every face calls these and only these: the CLI (``api/cli``) prints the result's JSON
(``--format json``) or a table of it; the HTTP routes (``api/routes``) return it as their
``response_model``; the web pages (``api/web``) render it as their template context. So a
user action behaves the same whichever face it comes through, and the three payloads agree
(``tests/api/test_faces_agree.py`` drives each operation through all three).

There is no forwarding layer: each module here defines one mixin class whose methods ARE
the operations, and :class:`~api.workspace.Workspace` is those mixins composed (its docstring
has the table: user action → method → module). Every mixin builds on
:class:`api.operations.state.WorkspaceBase`, the data directory's state (store, vectors,
model, originals, write lock); a mixin that uses another's operations subclasses it
(``ReviewOperations(DocumentOperations, RequirementOperations)``).

- :mod:`~api.operations.documents` (``DocumentOperations``): ingest (with suggestions,
  revision carry-over and crosswalk propagation, under the write lock), list, show, edit,
  delete; :mod:`~api.operations.revisions`: preview an upload and its likely earlier versions.
- :mod:`~api.operations.requirements`: requirements with evidence counts, one requirement
  with its evidence, crosswalk neighbours and derivation paths.
- :mod:`~api.operations.evidence`: evidence links (suggestions, more of them), crosswalk.
- :mod:`~api.operations.reviews`: decide one or many, undo, history;
  :mod:`~api.operations.review_queue`: the review queue (listed, filtered, counted).
- :mod:`~api.operations.soa`: the Statement of Applicability (list, set a row, write a file).
- :mod:`~api.operations.assessment`: the gap report (the core's :class:`shapes.report.GapReport`,
  its coded fixes worded by :mod:`api.gap_fixes`) and the dashboard.
- :mod:`~api.operations.views`: the data of the pages that combine several operations (the
  review queue, a document), each one method, also served as JSON.
- :mod:`~api.operations.match`: rank requirements for a text (fitted matchers cached).
- :mod:`~api.operations.learning`: the ranking model and what it learned.
- :mod:`~api.operations.verification`: the optional language model's verdicts and drafts.
- :mod:`~api.operations.systems`: the register of AI systems (list, add, edit, delete, import
  and export the inventory, one system with its obligations, documents naming a system).
- :mod:`~api.operations.search`, :mod:`~api.operations.audit`, :mod:`~api.operations.pack`:
  search, the audit log and the audit pack, over the core's (``mapping.retrieval.search``,
  ``mapping.record``).
- :mod:`~api.operations.oscal`: OSCAL 1.2 export and mapping-collection import
  (:mod:`api.exchange.oscal`).
- :mod:`~api.operations.graph`: export the graph as RDF, run a read-only SPARQL query;
  :mod:`~api.operations.backup`: a consistent copy of the data directory.

To add a user action: a result model and a method on the mixin of its topic (a new topic: a
new module and mixin, added to ``Workspace``'s bases and table), then a thin CLI command,
route and page that call it, and a case in the faces test.

Each operation that writes takes the workspace's write lock itself, so no face has to
remember to. Results are pydantic models (:mod:`pydantic`), documented field by field; keys
are a contract (docs/dev/contracts.md): add, never rename. Where the core defines the
concept (the gap report, ``MissingSuggestions``, the SoA's ``SoaRow``), the core's model is
the result: no copy here, no ``model_validate(x.to_json())``.
"""
