package dev.pipelineguard.validator.aws;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.validator.check.AwsCallException;
import dev.pipelineguard.validator.check.SecretStore;
import dev.pipelineguard.validator.model.SecretReference;
import dev.pipelineguard.validator.model.SecretShape;
import java.io.UncheckedIOException;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;

/**
 * {@link SecretStore} for SSM parameter references, in the reference's region: GetParameter with
 * decryption, the way ECS reads them. The value is dropped at once; only whether it could be read
 * leaves.
 */
public final class SsmSecretStore implements SecretStore {
  private final RegionalClients<SsmClient> ssm;

  public SsmSecretStore(AwsSdk.Settings settings) {
    this(Clients.regional(SsmClient::builder, settings));
  }

  SsmSecretStore(RegionalClients<SsmClient> ssm) {
    this.ssm = ssm;
  }

  @Override
  public SecretShape probe(SecretReference ref) {
    try {
      ssm.forRegion(ref.region()).getParameter(b -> b.name(ref.id()).withDecryption(true));
      return SecretShape.readable(false, null);
    } catch (ParameterNotFoundException e) {
      return SecretShape.notFound();
    } catch (ParameterVersionNotFoundException e) {
      return SecretShape.versionNotFound(List.of());
    } catch (SdkException | UncheckedIOException e) {
      throw AwsCallException.of("ssm:GetParameter", e);
    }
  }
}
