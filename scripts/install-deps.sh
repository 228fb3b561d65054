#!/usr/bin/env bash
# Installs the Debian packages the project builds and tests with, where missing.
# Usage: scripts/install-deps.sh [--broker]
#   --broker  also what the test suite uses: rabbitmq-server, openssl, libxml2-utils, chromium
set -euo pipefail

packages=(librabbitmq-dev pkg-config)
if [[ "${1:-}" == "--broker" ]]; then
    # The test suite: the broker for integration tests, openssl for its throwaway
    # TLS certificates (Debian priority "optional": not in every base image), xmllint
    # for the JUnit schema check, Chromium for the HTML report's browser check.
    packages+=(rabbitmq-server openssl libxml2-utils chromium)
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
    exit 0
fi

sudo=""
if [[ "$(id -u)" != "0" ]]; then sudo="sudo"; fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
