"""Benchmark only (settings.BENCH_QUERY_COUNT): X-Query-Count on every response.

Outermost middleware, so a page served from the page cache reports 0. Counts with a
database execute wrapper, which works with DEBUG off (connection.queries does not).
"""

from contextlib import ExitStack

from django.db import connections


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        executed = 0

        def count(execute, sql, params, many, context):
            nonlocal executed
            executed += 1
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(count))
            response = self.get_response(request)
        response["X-Query-Count"] = str(executed)
        return response
