-- First-run setup (issue 16).
--
-- apple_pending_keys: the private keys Passerelle made for a certificate signing request, waiting for the .cer Apple
-- returns. A .cer is paired with its key by the SHA-256 of its public key (SubjectPublicKeyInfo, DER). A few are kept
-- (the owner may make a second request before uploading the first certificate); the key moves to
-- signing_identities once paired.
CREATE TABLE apple_pending_keys (
  id                INTEGER PRIMARY KEY,
  public_key_sha256 TEXT NOT NULL UNIQUE,
  private_key_pem   TEXT NOT NULL,          -- PKCS#8, unencrypted, like signing_identities.private_key_pem
  csr_pem           TEXT NOT NULL,
  common_name       TEXT NOT NULL,
  created_at        INTEGER NOT NULL
) STRICT;

-- self_test_nonces: one-time values Passerelle asks for through its own public URL (the tunnel), answered by the
-- public listener only while they are stored: proof that the address reaches this Passerelle. Written by the server
-- or by `passerelle doctor` in another process, hence a table rather than memory.
CREATE TABLE self_test_nonces (
  nonce_sha256 TEXT PRIMARY KEY,
  expires_at   INTEGER NOT NULL
) STRICT;
