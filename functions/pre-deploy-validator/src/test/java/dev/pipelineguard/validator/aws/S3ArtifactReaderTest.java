package dev.pipelineguard.validator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.validator.DrippingServer;
import dev.pipelineguard.validator.Moto;
import dev.pipelineguard.validator.check.AwsCallException;
import dev.pipelineguard.validator.check.CheckRunner;
import dev.pipelineguard.validator.check.Deadline;
import dev.pipelineguard.validator.check.ServiceReader;
import dev.pipelineguard.validator.job.ArtifactCredentials;
import dev.pipelineguard.validator.job.JobEvent;
import dev.pipelineguard.validator.job.ValidatorParameters;
import dev.pipelineguard.validator.model.ArtifactFile;
import dev.pipelineguard.validator.model.ImageDefinitions;
import dev.pipelineguard.validator.model.ServiceState;
import dev.pipelineguard.validator.model.TaskDefinition;
import dev.pipelineguard.validator.result.CheckStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading the artifact zip from S3 (moto) with the job's credentials, within the poll's deadline.
 */
class S3ArtifactReaderTest {
  private static final ArtifactCredentials CREDENTIALS =
      new ArtifactCredentials(
          "ASIAIOSFODNN7EXAMPLE",
          "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          "FwoGZXIvYXdzEXAMPLETOKEN");
  private static final String DEFINITIONS = "[{\"name\":\"app\",\"imageUri\":\"nginx:1.27\"}]";
  private static S3ArtifactReader reader;
  private static String bucket;
  @TempDir Path downloads;

  @BeforeAll
  static void start() {
    Moto.start();
    reader = new S3ArtifactReader(Moto.REGION, AwsSdk.httpClient());
    bucket = Moto.unique("artifacts");
  }

  private static ArtifactFile find(String key) {
    return reader.find(
        new JobEvent.InputArtifact("BuildOutput", bucket, key),
        CREDENTIALS,
        ImageDefinitions.FILE_NAME,
        Deadline.in(Duration.ofSeconds(60)));
  }

  @Test
  void readsImageDefinitionsFromTheArtifactZip() {
    Moto.artifact(
        bucket, "pipe/BuildOutpu/a1", Moto.zip("imagedefinitions.json", "[{\"name\":\"app\"}]"));

    ArtifactFile file = find("pipe/BuildOutpu/a1");

    assertThat(file.found()).isTrue();
    assertThat(new String(file.content(), StandardCharsets.UTF_8))
        .isEqualTo("[{\"name\":\"app\"}]");
    assertThat(file.artifactName()).isEqualTo("BuildOutput");
  }

  @Test
  void aZipBombBeforeImageDefinitionsIsReadWithoutInflatingIt() {
    Moto.artifact(
        bucket,
        "pipe/BuildOutpu/bomb",
        TestZips.zip(
            List.of(
                TestZips.deflatedZeros("a.bin", 1024),
                TestZips.deflatedZeros("b.bin", 1024),
                TestZips.stored("imagedefinitions.json", DEFINITIONS))));

    ArtifactFile file = find("pipe/BuildOutpu/bomb");

    assertThat(new String(file.content(), StandardCharsets.UTF_8)).isEqualTo(DEFINITIONS);
  }

  @Test
  void aMissingObjectIsNotFound() {
    Moto.artifact(bucket, "other", new byte[] {1});

    AwsCallException e =
        catchThrowableOfType(AwsCallException.class, () -> find("pipe/BuildOutpu/gone"));

    assertThat(e.kind()).isEqualTo(AwsCallException.Kind.NOT_FOUND);
    assertThat(e.operation()).isEqualTo("s3:GetObject");
  }

  @Test
  void anObjectThatIsNotAZipIsAProblemNotAnError() {
    Moto.artifact(
        bucket, "pipe/BuildOutpu/json", "[{\"name\":\"app\"}]".getBytes(StandardCharsets.UTF_8));

    assertThat(find("pipe/BuildOutpu/json").problem()).contains("not a zip file");
  }

  @Test
  void withoutCredentialsNothingIsRead() {
    ArtifactFile file =
        reader.find(
            new JobEvent.InputArtifact("BuildOutput", bucket, "k"),
            null,
            ImageDefinitions.FILE_NAME,
            Deadline.in(Duration.ofSeconds(60)));

    assertThat(file.problem()).contains("no artifact credentials");
  }

  @Test
  void anArtifactLargerThanTheLimitIsNotDownloaded() throws InterruptedException {
    // S3 says how large the object is before the body: nothing of it is read.
    String head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: "
            + (S3ArtifactReader.MAX_ZIP_BYTES + 1)
            + "\r\n\r\n";
    try (DrippingServer s3 =
        DrippingServer.start(head, new byte[1 << 20], 1024, Duration.ofMillis(20))) {
      TestAws.route("S3", s3.uri());
      ArtifactFile file = find("pipe/BuildOutpu/huge");

      assertThat(file.problem())
          .isEqualTo(
              "it is 268435457 bytes, more than the 268435456 (256 MiB) the validator "
                  + "reads; give this action a small artifact with just imagedefinitions.json");
      assertThat(s3.awaitClientGone(Duration.ofSeconds(10))).isTrue();
    } finally {
      TestAws.unroute("S3");
    }
  }

  @Test
  void aDownloadStillRunningAtTheDeadlineIsAbortedItsThreadEndsAndItsFileIsDeleted()
      throws Exception {
    // 10 MiB announced, 1 KiB sent every 50 ms: the download would take more than eight minutes.
    String head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: "
            + (10 << 20)
            + "\r\n\r\n";
    try (DrippingServer s3 =
        DrippingServer.start(head, new byte[10 << 20], 1024, Duration.ofMillis(50))) {
      TestAws.route("S3", s3.uri());
      CompletableFuture<Object> outcome = new CompletableFuture<>();
      Deadline deadline = Deadline.in(Duration.ofMillis(700));
      Thread reading =
          new Thread(
              () -> {
                try {
                  outcome.complete(
                      find(new JobEvent.InputArtifact("BuildOutput", bucket, "slow"), deadline));
                } catch (RuntimeException e) {
                  outcome.complete(e);
                }
              },
              "artifact-read");
      reading.start();

      Object result = outcome.get(20, TimeUnit.SECONDS);
      reading.join(TimeUnit.SECONDS.toMillis(20));

      assertThat(result)
          .isInstanceOfSatisfying(
              AwsCallException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(AwsCallException.Kind.UNAVAILABLE);
                assertThat(e.errorCode()).isEqualTo("Timeout");
              });
      assertThat(deadline.passed()).isTrue();
      assertThat(reading.isAlive()).as("the reading thread").isFalse();
      assertThat(s3.awaitClientGone(Duration.ofSeconds(10)))
          .as("the connection was closed")
          .isTrue();
      assertThat(downloadsLeft()).as("downloads left behind").isEmpty();
    } finally {
      TestAws.unroute("S3");
    }
  }

  @Test
  void whenAPollEndsItsArtifactDownloadEndsWithItAndFreesItsThread() throws Exception {
    String head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: "
            + (10 << 20)
            + "\r\n\r\n";
    ExecutorService pool = Executors.newFixedThreadPool(CheckRunner.THREADS);
    try (DrippingServer s3 =
        DrippingServer.start(head, new byte[10 << 20], 1024, Duration.ofMillis(50))) {
      TestAws.route("S3", s3.uri());
      ServiceReader noService =
          new ServiceReader() {
            @Override
            public Optional<ServiceState> describeService(String cluster, String service) {
              return Optional.empty();
            }

            @Override
            public TaskDefinition describeTaskDefinition(String arn) {
              throw new AssertionError("no service, no task definition");
            }
          };
      CheckRunner runner =
          new CheckRunner(
              noService,
              null,
              null,
              arn -> List.of(),
              null,
              new S3ArtifactReader(Moto.REGION, AwsSdk.httpClient(), downloads),
              pool);
      JobEvent job =
          new JobEvent(
              "job-1",
              "123456789012",
              null,
              List.of(new JobEvent.InputArtifact("BuildOutput", bucket, "slow")),
              CREDENTIALS,
              null);

      CheckRunner.Run run =
          runner.run(
              job,
              ValidatorParameters.parse("{\"cluster\":\"c\",\"service\":\"s\"}"),
              Duration.ofMillis(700));
      pool.shutdown();

      assertThat(run.results().get(0).status()).isEqualTo(CheckStatus.PENDING);
      assertThat(pool.awaitTermination(20, TimeUnit.SECONDS))
          .as("every read of the poll ended")
          .isTrue();
      assertThat(s3.awaitClientGone(Duration.ofSeconds(10))).isTrue();
      assertThat(downloadsLeft()).isEmpty();
    } finally {
      TestAws.unroute("S3");
      pool.shutdownNow();
    }
  }

  private ArtifactFile find(JobEvent.InputArtifact artifact, Deadline deadline) {
    return new S3ArtifactReader(Moto.REGION, AwsSdk.httpClient(), downloads)
        .find(artifact, CREDENTIALS, ImageDefinitions.FILE_NAME, deadline);
  }

  private List<Path> downloadsLeft() throws IOException {
    try (Stream<Path> files = Files.list(downloads)) {
      return files.toList();
    }
  }
}
