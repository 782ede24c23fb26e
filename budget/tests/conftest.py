import pytest


@pytest.fixture
def staff(personas):
    return personas["doit_staff"]
