package dev.pipelineguard.validator.aws;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.validator.check.AwsCallException;
import dev.pipelineguard.validator.check.SecretStore;
import dev.pipelineguard.validator.model.SecretReference;
import dev.pipelineguard.validator.model.SecretShape;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * {@link SecretStore} for Secrets Manager references, in the reference's region. It reads the value
 * the way ECS will (GetSecretValue with the stage or version), keeps only the shape (binary or not,
 * top-level JSON key names) and lets the value go at once. Only when the read fails does it call
 * DescribeSecret, to say why (deleted, scheduled for deletion, no such version).
 */
public final class SecretsManagerSecretStore implements SecretStore {
  private final RegionalClients<SecretsManagerClient> secretsManager;

  public SecretsManagerSecretStore(AwsSdk.Settings settings) {
    this(Clients.regional(SecretsManagerClient::builder, settings));
  }

  SecretsManagerSecretStore(RegionalClients<SecretsManagerClient> secretsManager) {
    this.secretsManager = secretsManager;
  }

  @Override
  public SecretShape probe(SecretReference ref) {
    SecretsManagerClient client = secretsManager.forRegion(ref.region());
    try {
      return shape(
          client.getSecretValue(
              b ->
                  b.secretId(ref.id())
                      .versionStage(ref.versionStage())
                      .versionId(ref.versionId())));
    } catch (ResourceNotFoundException | InvalidRequestException e) {
      return explain(client, ref, e);
    } catch (SdkException | UncheckedIOException e) {
      throw AwsCallException.of("secretsmanager:GetSecretValue", e);
    }
  }

  /** Only the shape leaves this method; the response (and the value in it) is dropped here. */
  private static SecretShape shape(GetSecretValueResponse response) {
    if (response.secretString() == null) {
      return SecretShape.readable(response.secretBinary() != null, null);
    }
    Json value = Json.parseIfJson(response.secretString());
    return SecretShape.readable(
        false, value.isObject() ? new ArrayList<>(value.fields().keySet()) : null);
  }

  private SecretShape explain(
      SecretsManagerClient client, SecretReference ref, SdkException readFailure) {
    DescribeSecretResponse described;
    try {
      described = client.describeSecret(b -> b.secretId(ref.id()));
    } catch (ResourceNotFoundException e) {
      return SecretShape.notFound();
    } catch (SdkException | UncheckedIOException e) {
      // Cannot say more than the read did.
      throw AwsCallException.of("secretsmanager:GetSecretValue", readFailure);
    }
    if (described.deletedDate() != null) {
      return SecretShape.scheduledForDeletion(described.deletedDate());
    }
    if (readFailure instanceof ResourceNotFoundException) {
      Set<String> stages = new LinkedHashSet<>();
      if (described.versionIdsToStages() != null) {
        described.versionIdsToStages().values().forEach(stages::addAll);
      }
      return SecretShape.versionNotFound(List.copyOf(stages));
    }
    throw AwsCallException.of("secretsmanager:GetSecretValue", readFailure);
  }
}
