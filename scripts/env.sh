# Sourced by the project's scripts: one PATH and one set of build variables, so `cargo test`,
# clippy and `cargo leptos` see the same environment and reuse each other's build artifacts.
export PATH="${TOOLS_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin:$PWD/node_modules/.bin:$PATH"
# cargo-leptos sets this while building; leptos_config reads it at compile time, so a different
# value here would make every later build recompile the Leptos crates.
export LEPTOS_OUTPUT_NAME=alliance-mobility
export LEPTOS_SITE_ROOT=${LEPTOS_SITE_ROOT:-target/site}
# Where cargo builds. CI points CARGO_TARGET_DIR outside the fresh clone so builds stay warm
# between runs; the site (CSS/JS/WASM) always lands in ./target/site (cargo-leptos site-root).
BUILD_DIR=${CARGO_TARGET_DIR:-$PWD/target}
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
