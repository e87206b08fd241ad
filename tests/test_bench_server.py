"""The benchmark's server answers the benchmarked endpoints with spec-valid bodies (make bench is not a test)."""

from __future__ import annotations

import httpx

from elevenlabs_pvc.testing import contract
from scripts.bench import KEY, SEPARATE_PATH, UPDATE_JSON, UPDATE_PATH, bench_server


def test_the_bench_server_answers_like_the_spec_says():
    with bench_server() as url, httpx.Client(base_url=url, headers={"xi-api-key": KEY}) as http:
        for response in (http.post(UPDATE_PATH, json=UPDATE_JSON), http.post(SEPARATE_PATH)):
            assert response.status_code == 200
            assert contract.request_problems(response.request, "") == []
            contract.check_response(response.request, response)
        assert http.post(SEPARATE_PATH).json() == {"status": "ok"}
