"""The external checkers some tests run: axe-core (in the browser) and the Nu HTML
checker (vnu.jar on Java). Both come from npm (package.json; `make setup` runs npm ci).

Without them those tests skip and say why, except where they must run (CI=true or
REQUIRE_BROWSER=1, as for the browser tests), where they fail instead.
"""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_HINT = "run `make setup` (npm ci) and, for Java, apt-get install default-jre-headless"


def tools_required():
    def truthy(name):
        return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}

    return truthy("REQUIRE_BROWSER") or truthy("CI")


def _missing(what):
    message = f"{what} missing: {INSTALL_HINT}"
    if tools_required():
        pytest.fail(f"{message} (required here: CI=true or REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(message)


def axe_source():
    """The axe-core script, to inject into a page (page.evaluate is not bound by CSP)."""
    if not AXE_JS.is_file():
        _missing(f"axe-core ({AXE_JS.relative_to(ROOT)})")
    return AXE_JS.read_text()


def vnu_command():
    """The command line that starts the Nu HTML checker."""
    java = shutil.which("java")
    if java is None:
        _missing("java")
    if not VNU_JAR.is_file():
        _missing(f"the Nu HTML checker ({VNU_JAR.relative_to(ROOT)})")
    return [java, "-jar", str(VNU_JAR)]
