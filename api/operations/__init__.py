"""The application API: one function per user action, each returning a typed result.

Every face calls these and only these: the CLI (``api/cli``) prints the result's JSON
(``--format json``) or a table of it; the HTTP routes (``api/routes``) return it as their
``response_model``; the web pages (``api/web``) render it as their template context. So a
user action behaves the same whichever face it comes through, and the three payloads agree
(``tests/api/test_faces_agree.py`` drives each operation through all three).

The :class:`~api.workspace.Workspace` exposes them as methods (``ws.ingest(...)``,
``ws.delete_document(...)``); the modules here, one per resource, hold the implementation:

- :mod:`api.operations.documents`: ingest (with suggestions, revision carry-over and
  crosswalk propagation, under the workspace's write lock), list, show, delete.
- :mod:`api.operations.requirements`: requirements with evidence counts, one requirement with
  its evidence, crosswalk neighbours and derivation paths.
- :mod:`api.operations.evidence`: evidence links (suggestions), crosswalk, backup.
- :mod:`api.operations.reviews`: decide one or many, history, review queue, SoA (list, set a
  row, write a file).
- :mod:`api.operations.assessment`: the gap report (the core's :class:`shapes.report.GapReport`,
  its coded fixes worded by :mod:`api.gap_fixes`) and the dashboard (coverage per standard,
  Annex A groups, the queue).
- :mod:`api.operations.views`: the data of the pages that combine several operations (the
  review queue, a document), each one function, also served as JSON.
- :mod:`api.operations.match`: rank requirements for a text (fitted matchers cached).
- :mod:`api.operations.systems`: the register of AI systems: list, add, edit, delete, import
  and export the inventory, one system with its obligations, documents naming a system, link
  a document to it.
- :mod:`api.operations.oscal`: OSCAL 1.2 export (catalog, mapping-collection,
  assessment-results, POA&M) and mapping-collection import.
- :mod:`api.operations.graph`: export the graph as RDF. Queries: ``ws.query`` runs the
  ``/sparql`` service (:mod:`api.sparql_endpoint`) with its limits.

To add a user action: a result model and a function here, a method on the workspace, then
a thin CLI command, route and page that call it, and a case in the faces test.

Each operation that writes takes the workspace's write lock itself, so no face has to
remember to. Results are pydantic models (:mod:`pydantic`), documented field by field; keys
are a contract (docs/dev/contracts.md): add, never rename. Where the core already returns
a pydantic result (the gap report, ``MissingSuggestions``), that type is the result: no
copy here, no ``model_validate(x.to_json())``.
"""
