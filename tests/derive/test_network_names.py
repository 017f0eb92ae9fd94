"""Names and loader edges (issue 17, items 5 and 6): input names SymPy reads back as symbols,
names that print alike refused, bounded names, a byte-order mark, load()'s messages."""
import builtins
import keyword
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings, strategies as st
from support import examples

import derive
from derive.errors import InputError
from derive.model.network import MAX_NAME_CHARS, load, loads


def unit(input_name: str = "x1", neuron_id: str = "1", name: str | None = None, bias="-0.5") -> str:
    head = f'name = "{name}"\n' if name is not None else ""
    return (f'[network]\n{head}inputs = ["{input_name}"]\noutputs = ["{neuron_id}"]\n[[neuron]]\n'
            f'id = "{neuron_id}"\ninputs = ["{input_name}"]\nweights = [1]\nbias = "{bias}"\n'
            'activation = "sigmoid"\n')


NAMES = (st.sampled_from(sorted(set(dir(builtins)) | set(keyword.kwlist) | {"E", "pi", "eta", "beta",
                                                                             "gamma", "Max", "N", "x1"}))
         .filter(lambda s: s.isidentifier() and s[0].isalpha())
         | st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,31}", fullmatch=True))


@settings(max_examples=examples(300), deadline=None)
@given(NAMES)
def test_accepted_input_names_read_back_as_symbols(name):
    """Input names such as min, eval or sum made the JSON outputs unparseable by SymPy: every
    name the loader accepts is a plain symbol to SymPy's parser (which the test may run)."""
    try:
        net = loads(unit(name))
    except InputError as e:
        assert "name" in str(e)
        return
    sol = derive.solve(net)
    parsed = sympy.sympify(sol["outputs"]["1"])
    assert parsed.free_symbols == {sympy.Symbol(name)}
    assert sympy.N(parsed.subs(sympy.Symbol(name), 1)) == pytest.approx(1 / (1 + 2.718281828459045 ** -0.5))


@pytest.mark.parametrize("name", ["min", "sum", "eval", "max", "abs", "len", "print", "lambda", "E", "pi", "eta"])
def test_names_sympy_reads_as_code_or_constants_are_refused(name):
    with pytest.raises(InputError, match=rf"network.inputs\[0\]: '{name}' is a"):
        loads(unit(name))


def test_neuron_ids_whose_output_symbol_is_python_are_refused():
    with pytest.raises(InputError, match="output symbol yield"):
        loads(unit(neuron_id="ield"))


def test_names_that_print_alike_are_refused():
    text = unit().replace('inputs = ["x1"]\noutputs', 'inputs = ["x1", "x_1"]\noutputs', 1)
    with pytest.raises(InputError, match="'x1' and 'x_1' print alike"):
        loads(text)
    two = unit(neuron_id="h1") + '[[neuron]]\nid = "h_1"\ninputs = ["h1"]\nweights = [1]\nbias = 0\nactivation = "linear"\n'
    with pytest.raises(InputError, match="neuron ids 'h1' and 'h_1' print alike"):
        loads(two.replace('outputs = ["h1"]', 'outputs = ["h_1"]'))


def test_network_name_is_bounded():
    """A 200,000-character name made LaTeX that did not compile."""
    assert loads(unit(name="n" * MAX_NAME_CHARS)).name == "n" * MAX_NAME_CHARS
    with pytest.raises(InputError, match=f"network.name: 200000 characters; at most {MAX_NAME_CHARS}"):
        loads(unit(name="n" * 200_000))


def test_byte_order_mark_is_accepted(tmp_path):
    p = tmp_path / "bom.toml"
    p.write_bytes(b"\xef\xbb\xbf" + unit().encode())
    assert load(p).inputs == ("x1",)
    assert loads("\ufeff" + unit()).inputs == ("x1",)


def test_load_messages():
    with pytest.raises(InputError) as e:
        load("")
    assert "empty file name" in str(e.value) and "directory" not in str(e.value)
    text = unit() * 3
    with pytest.raises(InputError) as e:
        load(text)
    assert "use derive.loads(text)" in str(e.value) and len(str(e.value)) < 150
    with pytest.raises(InputError, match="NUL"):
        load("xo\x00r")


def test_deeply_nested_toml_is_bad_input():
    """TOML nested 500 deep (1 KB) raised RecursionError inside tomllib."""
    with pytest.raises(InputError, match="not valid TOML"):
        loads("a = " + "[" * 500 + "]" * 500 + "\n")


def test_digits_checked_at_once():
    for bad in (0, 31, 2.5, True):
        with pytest.raises(ValueError, match="digits must be an integer from 1 to 30"):
            derive.solve("xor", digits=bad)


def test_one_rule_for_digits_and_minus_signs_in_network_files():
    """The answers' rule (engineer 'grading'): U+2212 and the dashes are a minus, every Unicode
    decimal digit (fullwidth, Arabic-Indic) the ASCII digit of the same value."""
    plain = loads(unit(bias="-1.5"))
    for written in ("\u22121.5", "\uff0d\uff11.\uff15", "-\u0661.\u0665"):
        assert loads(unit(bias=written)).neurons[0].bias == plain.neurons[0].bias == Fraction(-3, 2)


BIG = ('[network]\ninputs = ["x1", "x2"]\noutputs = ["1"]\n[[neuron]]\nid = "1"\ninputs = ["x1", "x2"]\n'
       'weights = ["1e400", "-1.5e-390"]\nbias = "1234567890123456789012345678901234567890123456789012345678901230"\n'
       'activation = "step"\n')


def test_exact_huge_numbers_print_in_scientific_notation():
    """Exact 1e400 printed as a 401-digit integer: past 60 characters a number is written in
    scientific notation, exactly, everywhere (JSON strings stay SymPy-parseable and exact)."""
    net = loads(BIG)
    sol = derive.solve(net)
    assert sol["network"]["neurons"][0]["weights"] == ["1e400", "-1.5e-390"]
    assert sol["network"]["neurons"][0]["bias"] == "1234567890123456789012345678901234567890123456789012345678901230"
    field = sol["local_fields"]["1"]
    assert len(field) < 120 and "10**400" in field
    x1, x2 = sympy.symbols("x1 x2")
    assert sympy.sympify(field) == (10**400 * x1 - sympy.Rational(3, 2 * 10**390) * x2
                                    + 1234567890123456789012345678901234567890123456789012345678901230)
    for fmt in ("text", "latex", "markdown"):
        assert max(map(len, sol.render(fmt).splitlines())) < 300, fmt
    assert "1e400" in sol.render("text") and r"10^{400}" in sol.render("latex")
    from derive.model.network import dumps
    assert loads(dumps(net)) == net                      # exact through the writer
