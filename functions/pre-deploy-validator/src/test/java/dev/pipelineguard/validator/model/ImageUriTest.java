package dev.pipelineguard.validator.model;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageUriTest {
  private static final String DIGEST = "sha256:" + "a1".repeat(32);

  @Test
  void readsAnEcrImageByTag() {
    ImageUri image =
        ImageUri.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com/pipeline-guard/orders:abc1234")
            .image();

    assertThat(image.ecr())
        .hasValue(
            new ImageUri.EcrImage(
                "123456789012", "us-east-1", "pipeline-guard/orders", "abc1234", null));
  }

  @Test
  void readsAnEcrImageByDigestAndPrefersTheDigest() {
    ImageUri image =
        ImageUri.parse("123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:v1@" + DIGEST).image();

    assertThat(image.ecr().orElseThrow().digest()).isEqualTo(DIGEST);
    assertThat(image.ecr().orElseThrow().reference()).isEqualTo("@" + DIGEST);
  }

  @Test
  void anUntaggedEcrImageMeansLatest() {
    ImageUri image = ImageUri.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com/orders").image();

    assertThat(image.implicitLatest()).isTrue();
    assertThat(image.ecr().orElseThrow().tag()).isEqualTo("latest");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "nginx:1.27",
        "public.ecr.aws/nginx/nginx:stable",
        "ghcr.io/org/app@"
            + "sha256:"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "localhost:5000/app:dev",
        "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app:1"
      })
  void acceptsWellFormedReferencesOfAnyRegistry(String text) {
    assertThat(ImageUri.parse(text).problem()).isNull();
  }

  @Test
  void onlyPrivateEcrRegistriesAreCheckedInEcr() {
    assertThat(ImageUri.parse("public.ecr.aws/nginx/nginx:stable").image().ecr()).isEmpty();
    assertThat(ImageUri.parse("nginx:1.27").image().ecr()).isEmpty();
    assertThat(
            ImageUri.parse("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app:1").image().ecr())
        .isPresent();
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|is empty",
        "'123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:'|ends with ':' and no tag",
        "'123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:abc '|contains whitespace",
        "'123456789012.dkr.ecr.us-east-1.amazonaws.com/Orders:1'|has uppercase letters in the repository name",
        "'repo:-bad'|has an invalid tag",
        "'repo@sha256:xyz'|has a malformed digest",
        "'repo@sha256:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789'|has a malformed sha256 digest",
        "'registry.example.com/'|has no repository name",
        "'a//b:1'|has an invalid repository name",
      })
  void explainsMalformedReferences(String text, String problem) {
    assertThat(ImageUri.parse(text).problem()).startsWith(problem);
  }

  @Test
  void aTrailingNewlineFromPrintfIsMalformed() {
    assertThat(ImageUri.parse("repo:1\n").problem()).contains("whitespace");
  }

  @Property(tries = 500)
  void anyTextParsesOrExplainsWithoutThrowing(@ForAll String text) {
    ImageUri.Parsed parsed = ImageUri.parse(text);
    assertThat(parsed.image() != null ^ parsed.problem() != null).isTrue();
  }
}
