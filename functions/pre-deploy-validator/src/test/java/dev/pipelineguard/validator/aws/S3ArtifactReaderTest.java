package dev.pipelineguard.validator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.validator.Moto;
import dev.pipelineguard.validator.check.AwsCallException;
import dev.pipelineguard.validator.job.ArtifactCredentials;
import dev.pipelineguard.validator.job.JobEvent;
import dev.pipelineguard.validator.model.ArtifactFile;
import dev.pipelineguard.validator.model.ImageDefinitions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reading the artifact zip from S3 (moto) with the job's credentials. */
class S3ArtifactReaderTest {
  private static final ArtifactCredentials CREDENTIALS = new ArtifactCredentials("ASIAIOSFODNN7EXAMPLE",
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEXAMPLETOKEN");
  private static S3ArtifactReader reader;
  private static String bucket;

  @BeforeAll
  static void start() {
    Moto.start();
    reader = new S3ArtifactReader(Moto.REGION, AwsSdk.httpClient());
    bucket = Moto.unique("artifacts");
  }

  @Test
  void readsImageDefinitionsFromTheArtifactZip() throws IOException {
    Moto.artifact(bucket, "pipe/BuildOutpu/a1", Moto.zip("imagedefinitions.json", "[{\"name\":\"app\"}]"));

    ArtifactFile file = reader.find(new JobEvent.InputArtifact("BuildOutput", bucket, "pipe/BuildOutpu/a1"), CREDENTIALS,
        ImageDefinitions.FILE_NAME);

    assertThat(file.found()).isTrue();
    assertThat(new String(file.content(), StandardCharsets.UTF_8)).isEqualTo("[{\"name\":\"app\"}]");
    assertThat(file.artifactName()).isEqualTo("BuildOutput");
  }

  @Test
  void aMissingObjectIsNotFound() {
    Moto.artifact(bucket, "other", new byte[] {1});

    AwsCallException e = catchThrowableOfType(AwsCallException.class, () -> reader.find(
        new JobEvent.InputArtifact("BuildOutput", bucket, "pipe/BuildOutpu/gone"), CREDENTIALS, ImageDefinitions.FILE_NAME));

    assertThat(e.kind()).isEqualTo(AwsCallException.Kind.NOT_FOUND);
    assertThat(e.operation()).isEqualTo("s3:GetObject");
  }

  @Test
  void anObjectThatIsNotAZipIsAProblemNotAnError() {
    Moto.artifact(bucket, "pipe/BuildOutpu/json", "[{\"name\":\"app\"}]".getBytes(StandardCharsets.UTF_8));

    ArtifactFile file = reader.find(new JobEvent.InputArtifact("BuildOutput", bucket, "pipe/BuildOutpu/json"), CREDENTIALS,
        ImageDefinitions.FILE_NAME);

    assertThat(file.problem()).contains("not a zip file");
  }

  @Test
  void withoutCredentialsNothingIsRead() {
    ArtifactFile file = reader.find(new JobEvent.InputArtifact("BuildOutput", bucket, "k"), null, ImageDefinitions.FILE_NAME);

    assertThat(file.problem()).contains("no artifact credentials");
  }
}
