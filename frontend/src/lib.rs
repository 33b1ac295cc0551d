//! The browser entry point. The pages are rendered on the server; the browser hydrates only
//! the islands (`app::components::islands`), whose `#[wasm_bindgen]` exports live in the `app`
//! crate. Naming that crate here keeps it linked, so no island drops out of the bundle.
use app as _;

/// Called by Leptos' island script once the WASM module has loaded.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
