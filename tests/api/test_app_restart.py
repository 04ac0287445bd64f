"""An app whose lifespan ended (server restart, a second TestClient) serves again."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import ApiEnv

ASK = "ASK { ?s ?p ?o }"


def test_sparql_and_jobs_work_after_the_lifespan_restarts(api_env: ApiEnv) -> None:
    viewer = api_env.headers("viewer")
    with TestClient(api_env.app) as second:
        assert second.get("/sparql", params={"query": ASK}, headers=viewer).status_code == 200
    # Leaving the block ran the shutdown handlers; the shared client must still be served.
    answer = api_env.client.get("/sparql", params={"query": ASK}, headers=viewer)
    assert answer.status_code == 200, answer.text
    assert answer.json()["boolean"] is True
    job = api_env.app.state.jobs.submit("probe", "restart probe", "tester", lambda job: {})
    assert api_env.app.state.jobs.wait(job.id, timeout=30).status == "done"
