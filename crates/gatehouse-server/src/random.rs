//! The one place randomness comes from (the OS CSPRNG). Core takes bytes from here.

/// `N` bytes from the operating system's CSPRNG.
pub fn bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    // Failure of the OS RNG leaves no safe way to continue: never hand out predictable ids.
    getrandom::fill(&mut out).expect("operating system random number generator failed");
    out
}

/// A random, URL-safe token of `N` bytes of entropy.
pub fn token<const N: usize>() -> String {
    gatehouse_core::secret::b64url(&bytes::<N>())
}

/// A client id: 22 letters and digits (about 131 bits). Never starts with `-`, so it can be
/// typed as a CLI argument, and needs no escaping anywhere.
pub fn client_id() -> String {
    const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    bytes::<22>()
        .iter()
        .map(|b| ALPHABET[(*b as usize) % 62] as char)
        .collect()
}
