# Shared by bin/test, bin/demo and bin/bench: each missing prerequisite is one clear line with its fix.
# Python tools (moto_server, cfn-lint) are installed into .venv, at pinned versions, when they are not on PATH.

pg_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pg_missing=0

pg_fail() {
  echo "missing prerequisite: $1" >&2
  pg_missing=1
}

require_java() {
  if ! command -v java >/dev/null 2>&1; then
    pg_fail "java: install a JDK 17 or newer (apt-get install openjdk-17-jdk-headless)"
    return
  fi
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1)
  if [ -n "$major" ] && [ "$major" -lt 17 ]; then
    pg_fail "java $major is too old: install a JDK 17 or newer"
  fi
}

require_maven() {
  command -v mvn >/dev/null 2>&1 || pg_fail "mvn: install Apache Maven 3.8+ (apt-get install maven)"
}

require_python() {
  command -v python3 >/dev/null 2>&1 || pg_fail "python3: install Python 3.9+ (apt-get install python3 python3-venv)"
}

# The versions bin/test is known to pass with. .github/workflows/ci.yml installs the same ones
# (tools/infra-check fails when the two disagree); change them together, deliberately.
PG_MOTO_VERSION="5.2.1"
PG_CFN_LINT_VERSION="1.51.0"

# Puts .venv/bin on PATH and installs a pinned Python package there unless its command is already on
# PATH. A .venv made with another version of the package is brought to the pinned one.
#   ensure_python_tool <command> <pip requirement> <distribution name> <version>
ensure_python_tool() {
  local cmd="$1" requirement="$2==$4" dist="$3" version="$4"
  if [ -x "$pg_root/.venv/bin/$cmd" ]; then
    if ! compgen -G "$pg_root/.venv/lib/python*/site-packages/${dist}-${version}.dist-info" >/dev/null; then
      echo "updating .venv to $requirement ..." >&2
      "$pg_root/.venv/bin/pip" install --quiet "$requirement" >/dev/null 2>&1 \
        || { pg_fail "$cmd could not be updated: run $pg_root/.venv/bin/pip install '$requirement'"; return; }
    fi
    export PATH="$pg_root/.venv/bin:$PATH"
    return
  fi
  command -v "$cmd" >/dev/null 2>&1 && return
  command -v python3 >/dev/null 2>&1 || { pg_fail "$cmd: install Python 3 first, then: python3 -m pip install '$requirement'"; return; }
  echo "installing $requirement into .venv ..." >&2
  if { [ -x "$pg_root/.venv/bin/pip" ] || python3 -m venv "$pg_root/.venv"; } >/dev/null 2>&1 \
      && "$pg_root/.venv/bin/pip" install --quiet "$requirement" >/dev/null 2>&1 \
      && [ -x "$pg_root/.venv/bin/$cmd" ]; then
    export PATH="$pg_root/.venv/bin:$PATH"
  else
    pg_fail "$cmd could not be installed: run python3 -m pip install '$requirement'"
  fi
}

ensure_moto() {
  ensure_python_tool moto_server "moto[server]" moto "$PG_MOTO_VERSION"
}

ensure_cfn_lint() {
  ensure_python_tool cfn-lint "cfn-lint" cfn_lint "$PG_CFN_LINT_VERSION"
}

# Terraform 1.11+ (the roots' required_version: S3 native locking). Its hashicorp/aws provider comes from
# a mirror or a download when the tests run; tools/infra-check reports a missing one in one line.
require_terraform() {
  if ! command -v terraform >/dev/null 2>&1; then
    pg_fail "terraform: install Terraform 1.11 or newer (https://developer.hashicorp.com/terraform/install)"
    return
  fi
  local version major minor
  version=$(terraform version 2>/dev/null | sed -n '1s/^Terraform v\([0-9][0-9.]*\).*/\1/p')
  major=${version%%.*}
  minor=${version#*.}
  minor=${minor%%.*}
  if [ -n "$version" ] && { [ "$major" -lt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -lt 11 ]; }; }; then
    pg_fail "terraform $version is too old: install Terraform 1.11 or newer (https://developer.hashicorp.com/terraform/install)"
  fi
}

# Stops the calling script when anything above was missing.
prereqs_done() {
  if [ "$pg_missing" -ne 0 ]; then
    exit 1
  fi
}
