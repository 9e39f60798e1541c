package dev.pipelineguard.infracheck.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the tests' terraform finds its provider, and the one line that says when it cannot. */
class TerraformCliTest {
  /** What terraform 1.11 init prints on a machine that can reach no registry (captured here). */
  private static final String OFFLINE_INIT =
      """
      Initializing provider plugins...
      - Finding hashicorp/aws versions matching ">= 5.100.0, < 6.0.0"...
      ╷
      │ Error: Failed to query available provider packages
      │
      │ Could not retrieve the list of available versions for provider hashicorp/aws:
      │ could not connect to registry.terraform.io: failed to request discovery
      │ document: Get "https://registry.terraform.io/.well-known/terraform.json":
      │ dial tcp: lookup registry.terraform.io on 10.255.255.53:53: no such host
      ╵
      """;

  @Test
  void aMissingProviderIsOneLineNamingTheFix() {
    String message = TerraformCli.missingProvider(TerraformCli.firstError(OFFLINE_INIT));

    assertThat(message)
        .doesNotContain("\n")
        .contains("hashicorp/aws provider (>= 5.100, < 6.0) not available")
        .contains("(Failed to query available provider packages)")
        .contains(
            "fix: allow access to registry.terraform.io, or set PIPELINEGUARD_TF_PROVIDER_MIRROR")
        .contains("terraform providers mirror");
  }

  @Test
  void aMirrorMustHoldAnAcceptedVersionForThisPlatform(@TempDir Path dir) throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path old = provider(dir.resolve("old"), "5.99.1");
    Path next = provider(dir.resolve("next"), "6.0.0");
    Path good = provider(dir.resolve("good"), "5.100.0");

    assertThat(TerraformCli.findMirror(null, List.of(empty, old, next))).isEmpty();
    assertThat(TerraformCli.findMirror(null, List.of(empty, old, good))).contains(good);
    assertThat(TerraformCli.findMirror(good.toString(), List.of())).contains(good);
    assertThat(TerraformCli.findMirror("none", List.of(good)))
        .as("none: try the download path")
        .isEmpty();
  }

  private static Path provider(Path mirror, String version) throws IOException {
    Path dir =
        Files.createDirectories(
            mirror
                .resolve(TerraformCli.PROVIDER)
                .resolve(version)
                .resolve(TerraformCli.platform()));
    Path binary = Files.createFile(dir.resolve("terraform-provider-aws_v" + version + "_x5"));
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
    return mirror;
  }
}
