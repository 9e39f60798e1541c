package dev.pipelineguard.validator.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.validator.model.SecretReference;
import dev.pipelineguard.validator.model.SecretShape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretStoreTest {
  @Test
  void eachReferenceIsReadFromTheStoreItNames() {
    List<String> secretsManager = new ArrayList<>();
    List<String> ssm = new ArrayList<>();
    SecretStore store =
        SecretStore.routed(
            ref -> {
              secretsManager.add(ref.text());
              return SecretShape.notFound();
            },
            ref -> {
              ssm.add(ref.text());
              return SecretShape.notFound();
            });

    for (String text :
        List.of(
            "app/db",
            "/app/flags",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-AbCdEf",
            "arn:aws:ssm:eu-west-1:123456789012:parameter/app/flags")) {
      store.probe(SecretReference.parse(text, SecretReference.Origin.REQUIRED_SECRETS).reference());
    }

    assertThat(secretsManager)
        .containsExactly(
            "app/db", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-AbCdEf");
    assertThat(ssm)
        .containsExactly("/app/flags", "arn:aws:ssm:eu-west-1:123456789012:parameter/app/flags");
  }
}
