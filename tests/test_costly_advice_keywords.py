"""The advice to a net behind a baseline whose drivers cost it, in Python's words: the drivers
named as the keywords' lists, as the 'drivers do not pay' advice beside it names them."""

import pytest

from wavecast.api_words import python_words
from wavecast.evaluate.drivers_pay import costly_drivers_advice, drivers_advice, drivers_named


@pytest.mark.parametrize("kw, want", [
    ({"future": ("law",), "past": ("PetrolPrice",)}, "without future=['law'] and past=['PetrolPrice'], which"),
    ({"past": ("PetrolPrice",)}, "without past=['PetrolPrice'], which"),
    ({"future": ("law", "kms")}, "without future=['law', 'kms'], which"),
])
def test_costly_advice_names_each_driver_as_a_keyword_list(kw, want):
    # R's Seatbelts in Python (future=['law'], past=['PetrolPrice']) read 'without future=['law']
    # and past= PetrolPrice, which scored better': the flag's value was left behind
    said = python_words(costly_drivers_advice(drivers_named(**kw)))
    assert want in said, said
    assert "--" not in said and "= " not in said


def test_the_same_drivers_are_named_alike_in_both_pieces_of_advice():
    drivers = drivers_named(future=("law",), past=("PetrolPrice",))
    named = "future=['law'] and past=['PetrolPrice']"
    assert named in python_words(costly_drivers_advice(drivers))
    assert named in python_words(drivers_advice(drivers))
