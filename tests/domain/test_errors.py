"""Domain errors: a stable code and parameters, printed compactly for logs and the CLI."""

from __future__ import annotations

import pytest

from counter_app.domain.errors import DomainError, IllegalTransition, InvalidInput


def test_error_without_parameters_prints_its_code() -> None:
    error = DomainError("office.name")
    assert str(error) == "office.name"
    assert error.code == "office.name"
    assert error.params == {}
    assert error.args == ("office.name", {})


def test_error_with_parameters_prints_them_sorted_by_name() -> None:
    error = InvalidInput("office.workstation", value=12, low=1, high=9)
    assert str(error) == "office.workstation(high=9, low=1, value=12)"
    assert error.params == {"value": 12, "low": 1, "high": 9}


def test_parameter_values_are_printed_with_repr() -> None:
    error = IllegalTransition("lifecycle.illegal", status="returned", event="received")
    assert str(error) == "lifecycle.illegal(event='received', status='returned')"
    assert str(InvalidInput("applicant.name", value="Lê 2")) == "applicant.name(value='Lê 2')"


def test_code_is_positional_only_so_a_parameter_may_be_called_code() -> None:
    error = InvalidInput("catalogue.field", code="1.001193", field="cutoff")
    assert error.code == "catalogue.field"
    assert error.params == {"code": "1.001193", "field": "cutoff"}
    assert str(error) == "catalogue.field(code='1.001193', field='cutoff')"


@pytest.mark.parametrize("kind", [InvalidInput, IllegalTransition])
def test_every_domain_error_is_caught_as_domain_error(kind: type[DomainError]) -> None:
    with pytest.raises(DomainError) as info:
        raise kind("some.code", value=1)
    assert isinstance(info.value, Exception)
    assert info.value.code == "some.code"


def test_input_errors_and_transition_errors_are_distinct() -> None:
    assert not issubclass(InvalidInput, IllegalTransition)
    assert not issubclass(IllegalTransition, InvalidInput)
