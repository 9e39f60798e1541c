package dev.pipelineguard.validator.check;

import dev.pipelineguard.validator.model.SecretReference;
import dev.pipelineguard.validator.model.SecretShape;

/**
 * Reads a secret or parameter to prove it can be read. Implementations read the value, derive the
 * {@link SecretShape} and drop the value: it never leaves the implementation.
 */
public interface SecretStore {
  SecretShape probe(SecretReference reference);

  /** One store for every reference: each is read from the store it names. */
  static SecretStore routed(SecretStore secretsManager, SecretStore ssmParameters) {
    return ref ->
        ref.store() == SecretReference.Store.SSM_PARAMETER
            ? ssmParameters.probe(ref)
            : secretsManager.probe(ref);
  }
}
