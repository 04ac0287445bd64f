"""The workspace: a data directory opened for work, and every operation on it.

Faces (CLI, HTTP, UI) receive a workspace and call its operations, one method per user
action, each returning a typed result; they hold no domain logic. The workspace *is* the
operations, with no forwarding layer: each is a method of one mixin of :mod:`api.operations`
(one module per topic), all built on :class:`api.operations.state.WorkspaceBase` (the store,
vectors, model, originals and write lock). Operations that write take the lock themselves.

Where each user action lives (``ws.<method>`` is defined in ``api/operations/<module>.py``):

=============================================  ========================  ==============
user action                                    method                    module
=============================================  ========================  ==============
ingest files (CLI ``ingest``, upload)          ``ingest``                documents
list / count documents                         ``documents``,            documents
                                               ``count_documents``
show a document                                ``document``              documents
a document's versions                          ``version_history``       documents
edit a document's details                      ``edit_document``         documents
delete a document                              ``delete_document``       documents
check an upload's ``revision_of``              ``check_revision_of``     documents
suggest for documents left without any         ``suggest_missing``       documents
confirmed evidence that does not count         ``uncounted_evidence``    documents
preview an upload, propose earlier versions    ``preview_upload``        revisions
list requirements                              ``requirements``          requirements
show a requirement with its evidence           ``requirement``           requirements
a requirement's definition, typical evidence   ``requirement_text``      requirements
is a link evidence of a requirement            ``requirement_has_link``  requirements
list / count evidence links                    ``suggestions``,          evidence
                                               ``count_suggestions``
more suggestions for a document                ``more_suggestions``      evidence
a requirement's crosswalk                      ``crosswalk``             evidence
counterparts proposed by the model             ``suggest_counterparts``  evidence
decide on a link / on many                     ``decide``,               reviews
                                               ``decide_many``
undo a decision / several                      ``undo_decision``,        reviews
                                               ``undo_decisions``
a link's decisions / several links'            ``history``,              reviews
                                               ``histories``
the review queue (API), its size               ``review_queue``,         review_queue
                                               ``count_review_queue``
the queue as the review page filters it        ``queue_view``            review_queue
links waiting per standard                     ``queue_counts``          review_queue
what the queue says after a decision           ``decision_notice``       reviews
what a reviewer reads beside a link            ``review_context``        reviews
the Statement of Applicability                 ``soa``                   soa
set an SoA row                                 ``set_soa_row``           soa
write the SoA to a file                        ``export_soa``            soa
the gap report (``validate``)                  ``gaps``                  assessment
a page of the gap report (``/gaps``)           ``gap_page``              assessment
the dashboard                                  ``dashboard``             assessment
the review page (``/review``, its JSON)        ``review_view``           views
the document page (and its JSON)               ``document_view``         views
the requirement page (and its JSON)            ``requirement_view``      views
match a text to requirements                   ``match``                 match
match many texts (``match --jsonl``)           ``match_batch``           match
the best passages for a requirement            ``best_passages``         match
the ranking model (``aimsgraph model``)        ``ranking_model``         learning
verify links with the language model           ``verify``                verification
recorded verdicts                              ``verdicts_of``,          verification
                                               ``shown_verdict``
one link's latest verdict                      ``verdict``               verification
draft / list / accept SoA justifications       ``draft_soa``,            verification
                                               ``soa_drafts``,
                                               ``accept_soa_draft``
list the AI systems / show one                 ``systems``,              systems
                                               ``system``
each system with its obligations               ``system_reports``        systems
check each system's evidence (SHACL)           ``validate_systems``      systems
add / edit / delete an AI system               ``create_system``,        systems
                                               ``edit_system``,
                                               ``delete_system``
import / export the inventory                  ``import_inventory``,     systems
                                               ``export_inventory``
documents naming a system; link one            ``system_documents``,     systems
                                               ``link_system_document``
search                                         ``search``                search
the audit log                                  ``audit``                 audit
the audit pack (ZIP)                           ``audit_pack``            pack
OSCAL export / import                          ``oscal_export``,         oscal
                                               ``oscal_import``
load / upgrade the reference data (``init``)   ``load_reference``        graph
export the graph as RDF                        ``export``                graph
run a SPARQL query (``query``, ``/sparql``)    ``query``                 graph
back up the data directory                     ``backup``                backup
=============================================  ========================  ==============

The state and wiring every operation stands on (``store``, ``index``, ``embedder``,
``originals``, ``lock``, ``evidence_index``, ``learning``, ``refit``, ``open``, ``close``)
are :class:`api.operations.state.WorkspaceBase`'s.
"""

from __future__ import annotations

from api.operations.audit import AuditOperations
from api.operations.backup import BackupOperations
from api.operations.graph import GraphOperations
from api.operations.match import MatchOperations
from api.operations.pack import PackOperations
from api.operations.revisions import RevisionOperations
from api.operations.search import SearchOperations
from api.operations.systems import SystemOperations
from api.operations.verification import VerificationOperations
from api.operations.views import ViewOperations


class Workspace(
    ViewOperations,
    PackOperations,
    RevisionOperations,
    SystemOperations,
    SearchOperations,
    AuditOperations,
    MatchOperations,
    GraphOperations,
    BackupOperations,
    VerificationOperations,
):
    """A data directory opened for work: ``Workspace.open(settings)``, then its operations
    (the table above); ``close()`` or a ``with`` block ends it."""
