"""predict(h, level="80,95"), the CLI's way of writing levels, was refused with "level must be
numbers in percent between 0 and 100, e.g. 80,95": what the user had given. Python's refusals show
Python's way, level=[80, 95]; the CLI's keep 80,95."""

import pytest

from wavecast.errors import ValidationError
from wavecast.forecasters.interval_levels import check_levels, user_levels


def test_python_levels_as_text_are_shown_the_list_to_pass():
    with pytest.raises(ValidationError, match=r"e\.g\. level=\[80, 95\] \(got '80,95'\)$"):
        user_levels("80,95")
    with pytest.raises(ValidationError, match=r"level 0 is outside \(0, 100\).*e\.g\. level=\[80, 95\]$"):
        user_levels([0, 95])


def test_the_cli_keeps_its_own_way():
    with pytest.raises(ValidationError, match=r"e\.g\. 80,95$"):
        user_levels([0, 95], "--level")
    with pytest.raises(ValidationError, match=r"e\.g\. 80,95$"):
        check_levels([100])
