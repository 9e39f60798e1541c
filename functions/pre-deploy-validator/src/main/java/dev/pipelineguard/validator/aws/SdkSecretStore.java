package dev.pipelineguard.validator.aws;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.validator.check.SecretStore;
import dev.pipelineguard.validator.model.SecretReference;
import dev.pipelineguard.validator.model.SecretShape;
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
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;

/**
 * {@link SecretStore} over Secrets Manager and SSM. It reads the value the way ECS will
 * (GetSecretValue with the stage or version, GetParameter with decryption), keeps only the shape
 * (binary or not, top-level JSON key names) and lets the value go at once. Only when the read
 * fails does it call DescribeSecret, to say why (deleted, scheduled for deletion, no such version).
 */
public final class SdkSecretStore implements SecretStore {
  private final RegionalClients<SecretsManagerClient> secretsManager;
  private final RegionalClients<SsmClient> ssm;

  public SdkSecretStore(AwsSdk.Settings settings) {
    this(Clients.regional(SecretsManagerClient::builder, settings), Clients.regional(SsmClient::builder, settings));
  }

  SdkSecretStore(RegionalClients<SecretsManagerClient> secretsManager, RegionalClients<SsmClient> ssm) {
    this.secretsManager = secretsManager;
    this.ssm = ssm;
  }

  @Override
  public SecretShape probe(SecretReference ref) {
    return ref.store() == SecretReference.Store.SSM_PARAMETER ? parameter(ref) : secret(ref);
  }

  private SecretShape secret(SecretReference ref) {
    SecretsManagerClient client = secretsManager.forRegion(ref.region());
    try {
      return shape(client.getSecretValue(b -> b.secretId(ref.id()).versionStage(ref.versionStage())
          .versionId(ref.versionId())));
    } catch (ResourceNotFoundException | InvalidRequestException e) {
      return explain(client, ref, e);
    } catch (SdkException e) {
      throw AwsErrors.classify("secretsmanager:GetSecretValue", e);
    }
  }

  /** Only the shape leaves this method; the response (and the value in it) is dropped here. */
  private static SecretShape shape(GetSecretValueResponse response) {
    if (response.secretString() == null) {
      return SecretShape.readable(response.secretBinary() != null, null);
    }
    Json value = Json.parseIfJson(response.secretString());
    return SecretShape.readable(false, value.isObject() ? new ArrayList<>(value.fields().keySet()) : null);
  }

  private SecretShape explain(SecretsManagerClient client, SecretReference ref, SdkException readFailure) {
    DescribeSecretResponse described;
    try {
      described = client.describeSecret(b -> b.secretId(ref.id()));
    } catch (ResourceNotFoundException e) {
      return SecretShape.notFound();
    } catch (SdkException e) {
      // Cannot say more than the read did.
      throw AwsErrors.classify("secretsmanager:GetSecretValue", readFailure);
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
    throw AwsErrors.classify("secretsmanager:GetSecretValue", readFailure);
  }

  private SecretShape parameter(SecretReference ref) {
    try {
      ssm.forRegion(ref.region()).getParameter(b -> b.name(ref.id()).withDecryption(true));
      return SecretShape.readable(false, null);
    } catch (ParameterNotFoundException e) {
      return SecretShape.notFound();
    } catch (ParameterVersionNotFoundException e) {
      return SecretShape.versionNotFound(List.of());
    } catch (SdkException e) {
      throw AwsErrors.classify("ssm:GetParameter", e);
    }
  }
}
