"""The package builds into build/python and imports with Debian's interpreter."""
import robo_trader as rt


def test_the_package_imports_with_its_compiled_core():
    assert rt.__version__
    assert rt._core.__file__.endswith(".so")
