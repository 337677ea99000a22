"""Adoption: ``releasegate init`` brings the release setup into a project, ``doctor`` checks it.

init: what a project is (``project``: name, version, layout, tests, Pythons; a uv workspace
or projects side by side: ``monorepo_setup``), what its tests need (``project_tests``,
``_requirement_files``, ``existing_noxfile``), how releasegate's workflows fit its own
(``existing_workflows``, ``workflow_setup``), the release-please files, dependency groups,
``[tool.releasegate]`` options and ruff settings it gets (``release_config_setup``,
``dependency_groups``, ``release_options``, ``ruff_config``), and the setup itself, worked out
first and written only on request (``scaffold``, ``_setup_files``, from the files in
``templates/``). doctor:
``doctor`` runs every check and collects the findings; the checks are ``_doctor_project``,
``_doctor_release`` and ``_doctor_workflows``, over the workflows as ``workflows`` reads them
and ``workflow_lint`` lints them.

The top of the library: it may import :mod:`releasegate.chain`, :mod:`releasegate.forge`,
:mod:`releasegate.engine` and the base modules; only :mod:`releasegate.commands` imports it.
"""

from __future__ import annotations

__all__: list[str] = []
