"""Sphinx configuration of the swiftreg documentation.

Build it with ``make docs`` (warnings are errors). By hand, from the repository root:

    SWIFTREG_LIB=/path/to/libswiftreg.so PYTHONPATH=python \
        python -m sphinx -W --keep-going -b html docs docs/_build/html

What is generated at build time (never committed, see .gitignore):

* ``docs/api/generated/``  autosummary pages, one per public name;
* ``docs/auto_examples/``  the executed gallery (sphinx-gallery, sources in ``docs/gallery``);
* ``docs/generated/``      the C header's sections, the C examples, the command line's output,
  the benchmark tables and figures (from BENCHMARKS.md), and a copy of the notebook
  (``examples/notebooks/l1_vs_l2.ipynb``), executed by myst-nb.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(DOCS / "_ext"))

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # small examples: BLAS threads only contend

import swiftreg  # noqa: E402  (after sys.path: the checkout's package)

project = "swiftreg"
author = "the swiftreg authors"
copyright = "the swiftreg authors"
release = swiftreg.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "sphinxarg.ext",
    "sphinx_gallery.gen_gallery",
    "myst_nb",
    "swiftreg_docs",
]

templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "**.ipynb_checkpoints",
    "auto_examples/*.ipynb",        # sphinx-gallery's downloadable notebooks, not pages
    "auto_examples/*.py",
    "auto_examples/*.codeobj.json",
    "auto_examples/*.zip",
    "gallery/*.py",
    "gallery/README.rst",           # rendered as auto_examples/index
]
source_suffix = {".rst": "restructuredtext", ".ipynb": "myst-nb"}
root_doc = "index"
default_role = "code"
smartquotes_action = "qe"   # quotes and ellipses only: "--out" stays two hyphens
nitpicky = False

# -- autodoc, autosummary, numpydoc ----------------------------------------------------------
autosummary_generate = True
autosummary_imported_members = False
autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "none"          # the numpydoc sections give the types
numpydoc_show_class_members = False  # the class template lists the methods itself
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_attributes_as_param_list = True

# -- sphinx-gallery ------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": ["gallery"],
    "gallery_dirs": ["auto_examples"],
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": False,
    "remove_config_comments": True,
    "abort_on_example_error": True,
    "only_warn_on_example_error": False,
    "matplotlib_animations": False,
    "image_scrapers": ("matplotlib",),
    "image_srcset": ["2x"],                       # sharp on high-density screens
    "reset_modules": ("swiftreg_docs.reset_matplotlib",),
    "doc_module": ("swiftreg",),
    "backreferences_dir": "api/generated/backreferences",
    "reference_url": {"swiftreg": None},
    "show_memory": False,
    "min_reported_time": 10,
    "write_computation_times": False,
}

# -- myst-nb: the notebook is executed at every build -------------------------------------------
nb_execution_mode = "force"
nb_execution_timeout = 180
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
suppress_warnings = ["mystnb.unknown_mime_type"]

# -- HTML ----------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"swiftreg {release}"
html_static_path = ["_static"]
html_css_files = ["swiftreg.css"]
html_show_sourcelink = False
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "header_links_before_dropdown": 6,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_sidebars = {"index": []}
html_context = {"default_mode": "light"}
