#!/usr/bin/env bash
# Emulated office-hours proof on its own: scripts/deploy-local.sh applies an environment with office
# hours (default staging: NAT and interface endpoints) to moto, then tests/infra/office-hours-cycle.sh
# switches it off -> on -> off and checks each plan, apply, re-plan and every surviving resource.
# `npm test` runs the same cycle inside the emulated deploy of all environments
# (tests/infra/test-deploy-local.sh); this runs it alone. MWAA and the Client VPN association are not
# part of the proof: moto has neither (deploy-local.sh EMULATOR_SKIP); the unit tests
# (test/stacks/office-hours.test.ts) cover them on synthesized JSON. Closing line: "N passed, N failed".
#
#   bash tests/infra/test-office-hours.sh            # staging
#   bash tests/infra/test-office-hours.sh dev        # another environment with office hours
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
envs=("$@")
((${#envs[@]})) || envs=(staging)
OFFICE_HOURS_ENVS="${envs[*]}" exec bash tests/infra/test-deploy-local.sh "${envs[@]}"
