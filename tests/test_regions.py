import pytest

from sernam_desktop.errors import UserError
from sernam_desktop.regions import all_choices, by_code, national, parse_region, regions


def test_sixteen_regions_in_code_order():
    rs = regions()
    assert [r.code for r in rs] == [f"{i:02d}" for i in range(1, 17)]
    assert len({r.roman for r in rs}) == 16
    assert by_code("16").short == "Ñuble" and by_code("16").roman == "XVI"
    assert by_code("13").name == "Región Metropolitana de Santiago"
    assert by_code("05").roman == "V"


def test_national_value():
    n = national()
    assert n.code == "00" and n.name == "Todas las regiones" and n.is_national
    assert all_choices()[-1] == n and len(all_choices()) == 17


@pytest.mark.parametrize("text, code", [("5", "05"), ("05", "05"), ("V", "05"), ("xvi", "16"),
                                        ("Ñuble", "16"), ("Todas las regiones", "00"), ("0", "00")])
def test_parse_region(text, code):
    assert parse_region(text).code == code


@pytest.mark.parametrize("text", ["17", "99", "XX", "", "Narnia"])
def test_parse_region_rejects(text):
    with pytest.raises(UserError, match="Región"):
        parse_region(text)
