import datetime

import pytest

from training.tests.factories import TrainingClassFactory


@pytest.fixture
def staff(personas):
    return personas["doit_staff"]


@pytest.fixture
def future_class(plan_loaded):
    return TrainingClassFactory(start_date=datetime.date.today() + datetime.timedelta(days=20), capacity=2)
