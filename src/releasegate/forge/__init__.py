"""The forge: every side effect on a repository, its remote and GitHub, in one place.

git writes (``git_write``: the release commit in a temporary index, refs, tags, pushes,
fetches, throwaway clones), the GitHub client (``github``, with its GraphQL documents in
``_github_graphql``, its answers read in ``_github_answers`` and its addresses in
``github_urls``), the one HTTP layer with retries (``_http``), GitHub Actions outputs
(``actions_output``), and what a release command works on: the remote read into owner and
name (``remote``), the target branch and GitHub repository (``target``). On these sit the
commands that talk to GitHub, each the library of the command of the same name: ``release_pr``
(plan, then the release branch and pull request of ``release_branch``), ``github_release``
(tags and GitHub releases of the merged release PRs ``pending_releases`` finds) and
``check_pr`` (the pull-request gate's report, its merge preview and comment).

It may import the engine (:mod:`releasegate.engine`) and the base modules; never
:mod:`releasegate.chain`, :mod:`releasegate.adopt` or :mod:`releasegate.commands`.
"""

from __future__ import annotations

__all__: list[str] = []
