"""The five endpoints of the sync contract. Authentication (TokenAuthentication, 401) and
method checks (405) are DRF's; validation is in validation.py, storage in store.py."""
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from . import store, timestamps, validation


class PushView(APIView):
    def post(self, request):
        push = validation.parse_push(request.data)
        results = store.push(request.user, push.records)
        return Response({"results": results, "server_time": timestamps.now_text()})


class PullView(APIView):
    def get(self, request):
        limit = validation.parse_limit(request.query_params)
        since = validation.parse_since(request.query_params, store.latest_seq())
        rows, next_cursor, has_more = store.pull(request.user, since, limit)
        return Response({
            "records": [row.envelope() for row in rows],
            "cursor": next_cursor,
            "has_more": has_more,
            "server_time": timestamps.now_text(),
        })


class ResolveView(APIView):
    def post(self, request):
        resolve = validation.parse_resolve(request.data)
        outcome, row = store.resolve(request.user, resolve)
        if outcome == store.NOT_FOUND:
            raise NotFound(f"no record {resolve.table}/{resolve.id}")
        if outcome == store.STALE:
            return Response({"detail": f"expected_version {resolve.expected_version} is not the "
                                       f"current version {row.version}",
                             "server": row.envelope()}, status=409)
        return Response({"record": row.envelope()})


class StatusView(APIView):
    def get(self, request):
        return Response({"server_time": timestamps.now_text(), **store.status(request.user)})


class KeyView(APIView):
    def put(self, request):
        public_key = validation.parse_public_key(request.data)
        store.set_public_key(request.user, public_key)
        return Response({"public_key": public_key})
