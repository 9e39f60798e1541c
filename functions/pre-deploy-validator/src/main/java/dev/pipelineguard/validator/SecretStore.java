package dev.pipelineguard.validator;

/**
 * Reads a secret or parameter to prove it can be read. Implementations read the value, derive the
 * {@link SecretShape} and drop the value: it never leaves the implementation.
 */
public interface SecretStore {
  SecretShape probe(SecretReference reference);
}
