"""An empty or blank path in Python is refused, as the CLI refuses --out '': Path('') is the working
folder, so model.save('') wrote the model into it, wavecast.load('') read whatever model was there,
and fit('') said 'cannot read data file .: it is a directory', a path the user never gave."""
import numpy as np
import pytest

import wavecast
from wavecast.errors import ValidationError


@pytest.fixture(scope="module")
def model():
    return wavecast.fit(np.sin(np.arange(80) / 3), horizon=3, input_len=10, epochs=1, hidden_size=2)


@pytest.mark.parametrize("path", ["", "  "])
def test_save_and_load_refuse_an_empty_folder(model, tmp_path, monkeypatch, path):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValidationError, match=r"^folder is empty \('\s*'\): give a path$"):
        model.save(path)  # was: the working folder became a run folder (model/ and its marker)
    assert list(tmp_path.iterdir()) == []
    model.save(tmp_path / "m")
    monkeypatch.chdir(tmp_path / "m")
    with pytest.raises(ValidationError, match=r"^folder is empty"):
        wavecast.load(path)  # was: the model in the working folder, loaded


@pytest.mark.parametrize("path", ["", " "])
def test_fit_and_predict_refuse_empty_data(model, path):
    with pytest.raises(ValidationError, match=r"^data is empty \('\s*'\): give a path$"):
        wavecast.fit(path, horizon=3, epochs=1)  # was: 'cannot read data file .: it is a directory'
    with pytest.raises(ValidationError, match=r"^data is empty"):
        model.predict(3, data=path)
