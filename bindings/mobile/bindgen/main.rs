//! `uniffi-bindgen generate --library libkingpin_mobile.so --language kotlin|swift|python …`
fn main() {
    uniffi::uniffi_bindgen_main()
}
