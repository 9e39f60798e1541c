package dev.pipelineguard.infracheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.emulation.ExternalCommand;
import dev.pipelineguard.emulation.RepoPaths;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The linters the test command runs: a failure here is a failure of the build. */
class LintersTest {
  @Test
  void samTemplatePassesCfnLint() {
    String cfnLint =
        ExternalCommand.require(
            "cfn-lint",
            "run bin/test (it installs cfn-lint into .venv) or `python3 -m pip install cfn-lint`");

    ExternalCommand.Result result =
        ExternalCommand.run(
            RepoPaths.root(), Duration.ofMinutes(3), List.of(cfnLint, "template.yaml"));

    assertThat(result.exit()).as("cfn-lint template.yaml:\n%s", result.output()).isZero();
  }

  @Test
  void terraformIsFormatted() {
    String terraform =
        ExternalCommand.require(
            "terraform",
            "install Terraform 1.11 or newer (https://developer.hashicorp.com/terraform/install)");

    ExternalCommand.Result result =
        ExternalCommand.run(
            RepoPaths.root(),
            Duration.ofMinutes(2),
            List.of(terraform, "fmt", "-check", "-recursive", "-diff", "terraform/"));

    assertThat(result.exit())
        .as("terraform fmt -check -recursive terraform/:\n%s", result.output())
        .isZero();
  }
}
