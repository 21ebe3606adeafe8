"""A state with no people in any year has nothing to test (it once crashed the report)."""

import numpy as np

from multitrack.analytics.forecast.homogeneity import _row_test


def test_empty_and_single_row_tables_have_no_test() -> None:
    assert _row_test(np.zeros((4, 3)))[2] == 0
    assert _row_test(np.array([[3.0, 1.0, 0.0]]))[2] == 0
    g2, x2, df, _ = _row_test(np.array([[3.0, 1.0], [1.0, 3.0]]))
    assert df == 1 and g2 > 0 and x2 > 0
