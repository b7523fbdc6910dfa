import functools
import types

import pytest

from contest.media import VideoRules, inspect


@pytest.fixture(scope="session")
def sample_metadata(media_sample):
    """``sample_metadata(name)`` -> inspect()'s metadata for a sample, probed once per session."""

    @functools.cache
    def probed(name: str) -> types.MappingProxyType:
        path = media_sample(name)
        return types.MappingProxyType(
            inspect(path, rules=VideoRules(), filename=path.name).metadata
        )

    return lambda name: dict(probed(name))
