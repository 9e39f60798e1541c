package dev.pipelineguard.validator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageDefinitionsTest {
  private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:abc1234";

  private static ImageDefinitions parse(String json) {
    return ImageDefinitions.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheFileCodeBuildWrites() {
    ImageDefinitions defs = parse("[{\"name\":\"app\",\"imageUri\":\"" + IMAGE + "\"}]\n");

    assertThat(defs.problems()).isEmpty();
    assertThat(defs.entries())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.name()).isEqualTo("app");
              assertThat(e.imageUri()).isEqualTo(IMAGE);
              assertThat(e.image()).isNotNull();
            });
  }

  @Test
  void aSingleObjectInsteadOfAnArrayIsExplained() {
    assertThat(parse("{\"name\":\"app\",\"imageUri\":\"" + IMAGE + "\"}").problems())
        .singleElement()
        .asString()
        .contains("must be a JSON array")
        .contains("not a single object");
  }

  @Test
  void theBlueGreenImageDetailFormatIsRecognised() {
    assertThat(parse("{\"ImageURI\":\"" + IMAGE + "\"}").problems())
        .singleElement()
        .asString()
        .contains("imageDetail.json format");
  }

  @Test
  void emptyValuesFromUnsetBuildVariablesAreCaught() {
    ImageDefinitions defs =
        parse(
            "[{\"name\":\"\",\"imageUri\":\"123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:\"}]");

    assertThat(defs.problems()).hasSize(2);
    assertThat(defs.problems().get(0)).contains("has no \"name\"").contains("empty");
    assertThat(defs.problems().get(1)).contains("ends with ':' and no tag");
  }

  @Test
  void misspelledKeysAreNamed() {
    ImageDefinitions defs = parse("[{\"Name\":\"app\",\"imageURI\":\"" + IMAGE + "\"}]");

    assertThat(String.join("\n", defs.problems()))
        .contains("spells the key 'Name'; it must be exactly \"name\"")
        .contains("spells the key 'imageURI'; it must be exactly \"imageUri\"");
  }

  @Test
  void duplicateContainerNamesAreCaught() {
    ImageDefinitions defs =
        parse(
            "[{\"name\":\"app\",\"imageUri\":\""
                + IMAGE
                + "\"},{\"name\":\"app\",\"imageUri\":\""
                + IMAGE
                + "\"}]");

    assertThat(defs.problems())
        .singleElement()
        .asString()
        .contains("repeats the container name 'app'");
  }

  @Test
  void invalidJsonAndEmptyArraysAreCaught() {
    assertThat(parse("[{\"name\":\"app\",").problems())
        .singleElement()
        .asString()
        .contains("is not valid JSON");
    assertThat(parse("[]").problems()).singleElement().asString().contains("empty array");
    assertThat(parse("\"x\"").problems())
        .singleElement()
        .asString()
        .contains("must be a JSON array");
    assertThat(parse("[1]").problems()).singleElement().asString().contains("must be an object");
  }

  @Test
  void tooLargeFilesAreRejectedBeforeParsing() {
    byte[] big = new byte[ImageDefinitions.MAX_BYTES + 1];
    assertThat(ImageDefinitions.parse(big).problems())
        .singleElement()
        .asString()
        .contains("larger than");
  }

  @Test
  void namesMustBeExactlyContainerNamesAndTheRealNamesAreListed() {
    ImageDefinitions defs =
        parse(
            "[{\"name\":\"App\",\"imageUri\":\""
                + IMAGE
                + "\"},{\"name\":\"web\",\"imageUri\":\""
                + IMAGE
                + "\"}]");

    List<String> mismatches = defs.mismatches(List.of("app", "log-router"));

    assertThat(mismatches).hasSize(2);
    assertThat(mismatches.get(0))
        .contains("'App' is not in the task definition")
        .contains("did you mean 'app'")
        .contains("'app', 'log-router'");
    assertThat(mismatches.get(1))
        .contains("'web' is not in the task definition")
        .doesNotContain("did you mean");
    assertThat(defs.mismatches(List.of("App", "web"))).isEmpty();
  }
}
