"""The project's URL patterns as plain routes, so suites can visit every page that exists."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLResolver, get_resolver

_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>")
_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


@dataclass(frozen=True)
class Route:
    route: str
    name: str | None
    namespace: str | None
    params: tuple[str, ...]

    @property
    def full_name(self) -> str | None:
        if self.name is None:
            return None
        return f"{self.namespace}:{self.name}" if self.namespace else self.name

    @property
    def path(self) -> str:
        """The route as a URL path; only meaningful for routes without parameters."""
        return "/" + self.route.replace("^", "").replace("$", "")


def iter_routes() -> Iterator[Route]:
    def walk(patterns, prefix: str, namespace: str | None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), full)
                continue
            route = prefix + str(pattern.pattern)
            params = tuple(_CONVERTER.findall(route)) + tuple(_REGEX_GROUP.findall(route))
            names = tuple(p[1] if isinstance(p, tuple) else p for p in params)
            yield Route(route=route, name=pattern.name, namespace=namespace, params=names)

    yield from walk(get_resolver().url_patterns, "", None)


def plain_page_paths(*, skip_prefixes: tuple[str, ...] = ()) -> list[str]:
    """Paths of every GET-able route without parameters (regex catch-alls excluded)."""
    paths = []
    for route in iter_routes():
        if route.params or any(ch in route.route for ch in "()*+?[]\\"):
            continue
        path = route.path
        if path.startswith(skip_prefixes):
            continue
        paths.append(path)
    return sorted(set(paths))
