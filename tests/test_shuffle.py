"""The shared shuffles: reproducible, and `scrambled` never gives an order question's answer."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quizgen.present.shuffle import scrambled, shuffled


@given(st.lists(st.integers(), min_size=2, max_size=8, unique=True), st.integers(), st.text(max_size=5))
def test_scrambled_is_never_the_original_order(items, seed, name):
    result = scrambled(items, seed, name)
    assert sorted(result) == sorted(items) and result != items
    assert result == scrambled(items, seed, name)  # reproducible


def test_scrambled_keeps_a_shuffle_that_is_not_the_original_order():
    """Only the shuffles that land on the answer change, so outputs keep their other orders."""
    items = ["one", "two", "three"]
    kept = 0
    for seed in range(100):
        plain = shuffled(items, seed, "x")
        if plain != items:
            assert scrambled(items, seed, "x") == plain
            kept += 1
    assert 70 < kept < 100  # a fair shuffle of three lands on the answer about 1 time in 6
