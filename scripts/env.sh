# Sourced by the project's scripts: one PATH and one set of build variables, so `cargo test`,
# clippy and `cargo leptos` see the same environment and reuse each other's build artifacts.
export PATH="${TOOLS_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin:$PWD/node_modules/.bin:$PATH"
# cargo-leptos sets this while building; leptos_config reads it at compile time, so a different
# value here would make every later build recompile the Leptos crates.
export LEPTOS_OUTPUT_NAME=alliance-mobility
export LEPTOS_SITE_ROOT=${LEPTOS_SITE_ROOT:-target/site}
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
