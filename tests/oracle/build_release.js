#!/usr/bin/env node
// Runs release-please's own BaseStrategy.buildRelease() on merged release PRs given as JSON on
// stdin, and prints what it returns: the oracle for releasegate's releases.build_release.
//
// usage: node build_release.js <path-to-release-please-oracle>  < cases.json
// cases: [{"config": {camelCase strategy options}, "pull": {title, body, headBranchName, sha},
//          "groupPullRequestTitlePattern": null}]
'use strict';

const path = require('path');
const oracleDir = process.argv[2];
const rp = path.join(oracleDir, 'node_modules', 'release-please', 'build', 'src');
const {buildStrategy} = require(path.join(rp, 'factory.js'));

const quiet = {error() {}, warn() {}, info() {}, debug() {}, trace() {}};
const github = {
  repository: {owner: 'o', repo: 'r', defaultBranch: 'main'},
  async getFileContentsOnBranch() {
    throw new Error('no files offline');
  },
};

async function main() {
  const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  const results = [];
  for (const c of cases) {
    try {
      const strategy = await buildStrategy({...c.config, github, path: '.', targetBranch: 'main', logger: quiet});
      const release = await strategy.buildRelease(
        {...c.pull, baseBranchName: 'main', number: 5, labels: [], files: []},
        {groupPullRequestTitlePattern: c.groupPullRequestTitlePattern ?? undefined}
      );
      results.push(release ? {name: release.name, tag: release.tag.toString(), notes: release.notes, sha: release.sha} : null);
    } catch (err) {
      results.push({error: String(err && err.message)});
    }
  }
  process.stdout.write(JSON.stringify(results) + '\n');
}

main();
