"""The coding exercises in the notebooks: each table entry of the issue is there, as a stub that
raises NotImplementedError, under which the stored grading cell says "not implemented yet";
with the worked solution in place, the same grading cell gives full marks."""

import pytest
from notebook_cells import code_cells

from cnnlib.exercises import EXERCISES, grade, reference

WHERE = {"01_receptive_fields": ["conv2d"], "02_padding_stride": ["output_size"],
         "04_backprop_1d": ["conv1d", "conv1d_backward"],
         "05_backprop_2d": ["conv2d_backward"],
         "06_pooling_gradients": ["maxpool2d_backward", "avgpool2d_backward"]}


def _roles(notebook):
    cells = {}
    for cell in code_cells(notebook):
        meta = cell.metadata.get("cnnlib", {})
        if meta:
            cells[(meta["exercise"], meta["role"])] = cell
    return cells


def test_every_exercise_is_somewhere():
    assert sorted(n for names in WHERE.values() for n in names) == sorted(EXERCISES)


@pytest.mark.parametrize("notebook", WHERE)
def test_stubs_and_grading_cells(notebook):
    cells = _roles(notebook)
    for name in WHERE[notebook]:
        stub, grading = cells[(name, "stub")], cells[(name, "grade")]
        namespace = {}
        exec(stub.source, namespace)
        with pytest.raises(NotImplementedError):
            namespace[name](*[None] * namespace[name].__code__.co_argcount)
        stored = grading.outputs[0]["data"]["text/plain"]
        assert "not implemented yet" in stored and "Traceback" not in stored
        namespace = {"grade": grade, name: getattr(reference, name)}
        result = eval(grading.source, namespace)
        assert result.score == result.max_score
