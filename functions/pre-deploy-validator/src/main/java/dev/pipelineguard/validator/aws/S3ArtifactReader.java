package dev.pipelineguard.validator.aws;

import dev.pipelineguard.validator.check.ArtifactReader;
import dev.pipelineguard.validator.check.AwsCallException;
import dev.pipelineguard.validator.check.Deadline;
import dev.pipelineguard.validator.job.ArtifactCredentials;
import dev.pipelineguard.validator.job.JobEvent;
import dev.pipelineguard.validator.model.ArtifactFile;
import dev.pipelineguard.validator.model.TextSanitizer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * {@link ArtifactReader} for CodePipeline's S3 artifact store: one S3 client per job, signed with
 * the job's own temporary credentials (the function's role needs no access to the bucket), on the
 * shared HTTP client. The zip is downloaded to a temporary file (its directory is at its end), at
 * most {@link #MAX_ZIP_BYTES}, and read by {@link ArtifactZip}, which inflates only the file looked
 * for. The download stops at the poll's deadline: the response is aborted, the file deleted.
 */
public final class S3ArtifactReader implements ArtifactReader {
  /** The largest artifact downloaded (to the function's /tmp). */
  static final long MAX_ZIP_BYTES = 256L * 1024 * 1024;

  /** Aborts a download still running at its deadline (a read blocked on a slow server included). */
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "validator-artifact-watchdog");
            thread.setDaemon(true);
            return thread;
          });

  private final Region region;
  private final SdkHttpClient http;
  private final Path downloads;

  public S3ArtifactReader(Region region, SdkHttpClient http) {
    this(region, http, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * @param downloads where artifacts are downloaded to (and deleted from when read)
   */
  S3ArtifactReader(Region region, SdkHttpClient http, Path downloads) {
    this.region = region;
    this.http = http;
    this.downloads = downloads;
  }

  @Override
  public ArtifactFile find(
      JobEvent.InputArtifact artifact,
      ArtifactCredentials credentials,
      String fileName,
      Deadline deadline) {
    String name = artifact.name() == null ? "(unnamed)" : artifact.name();
    if (artifact.bucket() == null || artifact.key() == null) {
      return new ArtifactFile(
          name, null, "the job event gives no S3 location for the artifact", List.of());
    }
    if (credentials == null || !credentials.complete()) {
      return new ArtifactFile(
          name, null, "the job event carries no artifact credentials to read it with", List.of());
    }
    StaticCredentialsProvider provider =
        StaticCredentialsProvider.create(
            AwsSessionCredentials.create(
                credentials.accessKeyId(),
                credentials.secretAccessKey(),
                credentials.sessionToken()));
    Path zip = null;
    // Closing this client leaves the shared HTTP client open (the SDK never closes a client it was
    // given).
    try (S3Client s3 =
        S3Client.builder()
            .httpClient(http)
            .region(region)
            .credentialsProvider(provider)
            .overrideConfiguration(o -> o.apiCallTimeout(atLeastOneMilli(deadline.remaining())))
            .build()) {
      zip = Files.createTempFile(downloads, "pipeline-guard-artifact-", ".zip");
      String tooLarge = download(s3, artifact, zip, deadline);
      if (tooLarge != null) {
        return new ArtifactFile(
            name,
            null,
            tooLarge + "; give this action a small artifact with just " + fileName,
            List.of());
      }
      return ArtifactZip.find(name, zip, fileName);
    } catch (SdkException | UncheckedIOException e) {
      throw deadline.passed() ? outOfTime(e) : AwsCallException.of("s3:GetObject", e);
    } catch (IOException e) {
      throw deadline.passed()
          ? outOfTime(e)
          : new AwsCallException(
              AwsCallException.Kind.UNAVAILABLE,
              "s3:GetObject",
              e.getClass().getSimpleName(),
              TextSanitizer.clean(e.getMessage(), 200),
              e);
    } finally {
      delete(zip);
    }
  }

  /**
   * Copies the object to {@code zip}; says why not when it is larger than {@link #MAX_ZIP_BYTES}.
   */
  private static String download(
      S3Client s3, JobEvent.InputArtifact artifact, Path zip, Deadline deadline)
      throws IOException {
    ResponseInputStream<GetObjectResponse> object =
        s3.getObject(b -> b.bucket(artifact.bucket()).key(artifact.key()));
    ScheduledFuture<?> stop =
        WATCHDOG.schedule(object::abort, deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
    boolean complete = false;
    try (object;
        OutputStream out = Files.newOutputStream(zip)) {
      Long length = object.response().contentLength();
      if (length != null && length > MAX_ZIP_BYTES) {
        return "it is "
            + length
            + " bytes, more than the "
            + MAX_ZIP_BYTES
            + " ("
            + (MAX_ZIP_BYTES >> 20)
            + " MiB) the validator reads";
      }
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      for (int n = object.read(buffer); n >= 0; n = object.read(buffer)) {
        total += n;
        if (total > MAX_ZIP_BYTES) {
          return "it is larger than the "
              + MAX_ZIP_BYTES
              + " bytes ("
              + (MAX_ZIP_BYTES >> 20)
              + " MiB) the validator reads";
        }
        out.write(buffer, 0, n);
      }
      if (deadline.passed() || (length != null && total != length)) {
        // An aborted response may look like a short one.
        throw new IOException("the download ended after " + total + " of " + length + " bytes");
      }
      complete = true;
      return null;
    } finally {
      stop.cancel(false);
      if (!complete) {
        object.abort(); // never drain the rest of a response we are not going to read
      }
    }
  }

  private static AwsCallException outOfTime(Exception e) {
    return new AwsCallException(
        AwsCallException.Kind.UNAVAILABLE,
        "s3:GetObject",
        "Timeout",
        "the artifact was not downloaded within this poll's time, so the download was stopped",
        e);
  }

  private static Duration atLeastOneMilli(Duration d) {
    return d.toMillis() < 1 ? Duration.ofMillis(1) : d;
  }

  private static void delete(Path zip) {
    if (zip == null) {
      return;
    }
    try {
      Files.deleteIfExists(zip);
    } catch (IOException e) {
      zip.toFile().deleteOnExit();
    }
  }
}
